import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';

// One set per customer and window holding the campaigns that messaged them.
// Check-and-add is one Lua script, so two campaigns sending in parallel (in
// any processes) cannot both pass the cap; asking again for a campaign
// already in the set says yes (a re-run after a crash is not a new message).
const RESERVE = `
if redis.call('sismember', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('scard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('sadd', KEYS[1], ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[3])
return 1`;

const DAY_MS = 86_400_000;

/** The frequency cap: at most `max` campaign messages per customer per `perDays` days, across all campaigns. */
@Injectable()
export class FrequencyCap {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /** Reserves a message for each customer; returns those the cap allows. */
  async reserve(tenantId: string, campaignId: string, customerIds: string[], cap: { max: number; perDays: number }, now: number): Promise<Set<string>> {
    const window = Math.floor(now / (cap.perDays * DAY_MS));
    const ttl = String(cap.perDays * DAY_MS + 3_600_000);
    const pipeline = this.redis.pipeline();
    for (const id of customerIds) pipeline.eval(RESERVE, 1, `${this.config.QUEUE_PREFIX}:cap:${tenantId}:${cap.perDays}:${window}:${id}`, campaignId, String(cap.max), ttl);
    const results = (await pipeline.exec()) ?? [];
    const allowed = new Set<string>();
    results.forEach(([error, value], i) => {
      if (error) throw error;
      if (value === 1) allowed.add(customerIds[i]!);
    });
    return allowed;
  }
}
