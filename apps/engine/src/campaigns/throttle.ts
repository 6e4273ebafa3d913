import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';

// A fixed one-second window per (tenant, channel) counted with INCR, shared
// by every campaign and engine process sending on that channel.
// Takes up to ARGV[2] places of the window's ARGV[1]; answers how many it got.
const TAKE = `
local want = tonumber(ARGV[2])
local n = redis.call('incrby', KEYS[1], want)
if n == want then redis.call('pexpire', KEYS[1], 2000) end
local limit = tonumber(ARGV[1])
if n <= limit then return want end
local got = want - (n - limit)
if got < 0 then got = 0 end
return got`;

/** Messages per second per channel. */
@Injectable()
export class ChannelThrottle {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /** Waits until one more message may go out on the channel. */
  take(tenantId: string, channel: string, perSecond: number, signal?: { stopped: boolean }): Promise<void> {
    return this.takeMany(tenantId, channel, perSecond, 1, signal);
  }

  /**
   * Waits until `count` more messages may go out on the channel: places are
   * taken in one round trip per window (a batch's places at once), the rest
   * in the windows after. Places taken in a window count there, whether used
   * or not.
   */
  async takeMany(tenantId: string, channel: string, perSecond: number, count: number, signal?: { stopped: boolean }): Promise<void> {
    // fractional rates (0.5/s) become one message per 1/rate seconds
    const windowMs = perSecond >= 1 ? 1000 : Math.round(1000 / perSecond);
    const limit = Math.max(1, Math.floor(perSecond));
    let left = count;
    while (left > 0) {
      const now = Date.now();
      const slot = Math.floor(now / windowMs);
      const got = Number(await this.redis.eval(TAKE, 1, `${this.config.QUEUE_PREFIX}:rate:${tenantId}:${channel}:${windowMs}:${slot}`, String(limit), String(left)));
      left -= got;
      if (left === 0 || signal?.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, (slot + 1) * windowMs - now + 1));
    }
  }
}
