import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { Reply } from '../api/contract';
import { Public } from '../auth/identity';
import { Type } from '@sinclair/typebox';
import { EFFECTS_QUEUE } from '../effects/queues';

const PROBE_TIMEOUT_MS = 2000;
const Probe = Type.Object({ status: Type.Union([Type.Literal('up'), Type.Literal('down')]), latencyMs: Type.Optional(Type.Number()), error: Type.Optional(Type.String()) }, { additionalProperties: false });
const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]), mongodb: Probe, redis: Probe }, { additionalProperties: false });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectConnection() private readonly mongo: Connection,
    @InjectQueue(EFFECTS_QUEUE) private readonly queue: Queue,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'MongoDB and Redis reachability; 503 when either is down' })
  @Reply(Health, { errors: [503] })
  async check(@Res({ passthrough: true }) res: Response) {
    const [mongodb, redis] = await Promise.all([
      probe(async () => { await this.mongo.db!.admin().ping(); }),
      probe(async () => { await ((await this.queue.client) as unknown as { ping(): Promise<string> }).ping(); }),
    ]);
    const ok = mongodb.status === 'up' && redis.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', mongodb, redis };
  }
}

async function probe(check: () => Promise<void>): Promise<{ status: 'up' | 'down'; latencyMs?: number; error?: string }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS); })]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
