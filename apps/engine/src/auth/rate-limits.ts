import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import type IORedis from 'ioredis';
import { RateLimited } from '../api/domain-error';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import type { Identity } from './identity';
import { HEAVY } from '../api/route-metadata';

export { HEAVY };
/** Which requests of a route are heavy; a route marked without one has only heavy requests. */
export type HeavyWhen = (request: { query?: Record<string, unknown> }) => boolean;
/**
 * The route is expensive (exports, imports, bulk actions, campaign starts): it
 * has its own, smaller budget — for every request, or for those `when` picks
 * (a dashboard's CSV export, not the page drawing its tables).
 */
export const Heavy = (when: HeavyWhen = () => true) => SetMetadata(HEAVY, when);

export function isHeavy(when: HeavyWhen | undefined, request: { query?: Record<string, unknown> }): boolean {
  return when ? when(request) : false;
}

const WINDOW_MS = 60_000;

/** Counts a request in the caller's window, opening the window with the first; answers the count and the ms left. */
const COUNT = `
local n = redis.call('incr', KEYS[1])
redis.call('pexpire', KEYS[1], ARGV[1], 'NX')
return {n, redis.call('pttl', KEYS[1])}`;

type Counting = IORedis & { rateCount(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Requests per minute per caller (each API key and each person on their
 * own), counted in Redis so every API process shares the count. A window
 * opens with a caller's first request and lasts a minute; the request over
 * the limit gets 429 with Retry-After (the seconds until the window closes).
 * One script per request (one round trip, one command), not a transaction
 * of five.
 */
@Injectable()
export class RateLimits {
  private readonly redis: Counting;

  constructor(
    @Inject(REDIS) redis: IORedis,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    if (!('rateCount' in redis)) redis.defineCommand('rateCount', { numberOfKeys: 1, lua: COUNT });
    this.redis = redis as Counting;
  }

  /** Counts one request; answers the limit and what is left, or throws RateLimited. */
  async take(identity: Identity, heavy: boolean): Promise<{ limit: number; remaining: number }> {
    const limit = heavy ? this.config.RATE_LIMIT_HEAVY_PER_MINUTE : this.config.RATE_LIMIT_PER_MINUTE;
    const count = await this.count(`rate:${heavy ? 'heavy' : 'api'}:${identity.tenantId}:${identity.userId}`, limit,
      `more than ${limit} ${heavy ? 'heavy ' : ''}requests per minute`);
    return { limit, remaining: limit - count };
  }

  /** Counts one request of a public route that acts without sign-in (a one-tap link), per address. */
  async takePublic(route: string, address: string | null): Promise<void> {
    const limit = this.config.PUBLIC_RATE_PER_MINUTE;
    await this.count(`rate:public:${route}:${address ?? 'unknown'}`, limit, `more than ${limit} requests per minute from this address`);
  }

  private async count(key: string, limit: number, over: string): Promise<number> {
    const [count, ttl] = await this.redis.rateCount(`${this.config.QUEUE_PREFIX}:${key}`, WINDOW_MS);
    if (count > limit) {
      const seconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new RateLimited(`${over}; try again in ${seconds} s`, seconds);
    }
    return count;
  }
}
