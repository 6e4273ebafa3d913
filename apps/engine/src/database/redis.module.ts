import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { redisConnection } from '../config/config';
import { CONFIG, type Config } from '../config/config';

export const REDIS = Symbol('REDIS');

/** One Redis client for locks, counters and sign-in limits (BullMQ keeps its own). */
@Global()
@Module({
  providers: [{
    provide: REDIS,
    inject: [CONFIG],
    useFactory: (config: Config) => new IORedis({ ...redisConnection(config.REDIS_URL), maxRetriesPerRequest: 3 }),
  }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
