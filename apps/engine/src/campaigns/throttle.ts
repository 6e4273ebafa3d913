import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';

// A fixed one-second window per (tenant, channel) counted with INCR, shared
// by every campaign and engine process sending on that channel.
const TAKE = `
local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], 2000) end
if n <= tonumber(ARGV[1]) then return 0 end
return 1`;

/** Messages per second per channel. */
@Injectable()
export class ChannelThrottle {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /** Waits until one more message may go out on the channel. */
  async take(tenantId: string, channel: string, perSecond: number, signal?: { stopped: boolean }): Promise<void> {
    // fractional rates (0.5/s) become one message per 1/rate seconds
    const windowMs = perSecond >= 1 ? 1000 : Math.round(1000 / perSecond);
    const limit = Math.max(1, Math.floor(perSecond));
    for (;;) {
      const now = Date.now();
      const slot = Math.floor(now / windowMs);
      const full = await this.redis.eval(TAKE, 1, `${this.config.QUEUE_PREFIX}:rate:${tenantId}:${channel}:${windowMs}:${slot}`, String(limit));
      if (full === 0 || signal?.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, (slot + 1) * windowMs - now + 1));
    }
  }
}
