import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Definition } from '@baton/dsl';
import type IORedis from 'ioredis';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import { INSTANCE, type InstanceRecord } from './instance.schema';

/**
 * Readable request numbers: PREFIX-YEAR-000123, counted per tenant, prefix
 * and year. Redis INCR hands out each number once even under concurrency
 * (FerretDB's $inc is not atomic); a missing counter is seeded from the
 * highest number stored, and a unique index backs both.
 */
@Injectable()
export class SerialNumbers {
  constructor(
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async next(tenantId: string, def: Pick<Definition, 'id' | 'serialPrefix'>, now = new Date()): Promise<string> {
    const prefix = def.serialPrefix ?? (def.id.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16) || 'REQ');
    const head = `${prefix}-${now.getUTCFullYear()}-`;
    const key = `${this.config.QUEUE_PREFIX}:serial:${tenantId}:${head}`;
    if (!(await this.redis.exists(key))) {
      const last = await this.instances.findOne({ tenantId, serial: { $regex: `^${head}` } }).sort({ serial: -1 }).select({ serial: 1 }).lean();
      await this.redis.set(key, last?.serial ? Number(last.serial.slice(head.length)) : 0, 'NX');
    }
    return `${head}${String(await this.redis.incr(key)).padStart(6, '0')}`;
  }
}
