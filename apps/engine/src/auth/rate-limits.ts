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

/**
 * Requests per minute per caller (each API key and each person on their
 * own), counted in Redis so every API process shares the count. A window
 * opens with a caller's first request and lasts a minute; the request over
 * the limit gets 429 with Retry-After (the seconds until the window closes).
 */
@Injectable()
export class RateLimits {
  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Counts one request; answers the limit and what is left, or throws RateLimited. */
  async take(identity: Identity, heavy: boolean): Promise<{ limit: number; remaining: number }> {
    const limit = heavy ? this.config.RATE_LIMIT_HEAVY_PER_MINUTE : this.config.RATE_LIMIT_PER_MINUTE;
    const key = `${this.config.QUEUE_PREFIX}:rate:${heavy ? 'heavy' : 'api'}:${identity.tenantId}:${identity.userId}`;
    const [[, count], , [, ttl]] = (await this.redis.multi().incr(key).pexpire(key, WINDOW_MS, 'NX').pttl(key).exec()) as unknown as [[null, number], [null, number], [null, number]];
    if (count > limit) {
      const seconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new RateLimited(`more than ${limit} ${heavy ? 'heavy ' : ''}requests per minute; try again in ${seconds} s`, seconds);
    }
    return { limit, remaining: limit - count };
  }

  /** Counts one request of a public route that acts without sign-in (a one-tap link), per address. */
  async takePublic(route: string, address: string | null): Promise<void> {
    const limit = this.config.PUBLIC_RATE_PER_MINUTE;
    const key = `${this.config.QUEUE_PREFIX}:rate:public:${route}:${address ?? 'unknown'}`;
    const [[, count], , [, ttl]] = (await this.redis.multi().incr(key).pexpire(key, WINDOW_MS, 'NX').pttl(key).exec()) as unknown as [[null, number], [null, number], [null, number]];
    if (count > limit) {
      const seconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new RateLimited(`more than ${limit} requests per minute from this address; try again in ${seconds} s`, seconds);
    }
  }
}
