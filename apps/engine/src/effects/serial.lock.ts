import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import { DomainError } from '../api/domain-error';

// A live holder renews its lock every HOLD_MS / 3, so slow writes (FerretDB
// under load) keep it, while a crashed holder's lock is gone within HOLD_MS.
const HOLD_MS = 3_000;
const WAIT_MS = 20_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Serialises writers of one thing (an instance, a tenant's audit chain)
 * across processes with a Redis lock.
 *
 * Why, when every write is already guarded by `rev`: FerretDB v1's SQLite
 * backend checks an update's filter and writes the document in two steps, so
 * two updates guarded by the same rev can both succeed (measured: 20
 * concurrent updateOne({ rev: 1 }) matched up to 8 times). On MongoDB the rev
 * guard alone would do; with this lock it holds on every server we support.
 * A crashed holder's lock expires within HOLD_MS; a live one renews it.
 */
@Injectable()
export class SerialLock {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /** Runs `work` while holding the lock named `name` (e.g. "instance:<id>"). */
  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = this.keyOf(name);
    const token = randomUUID();
    const deadline = Date.now() + WAIT_MS;
    for (let attempt = 1; !(await this.take(key, token)); attempt++) {
      if (Date.now() > deadline) throw new LockTimeout(name);
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 * attempt) * (0.5 + Math.random())));
    }
    return this.hold(key, token, work);
  }

  /** Runs `work` under the lock if nobody holds it; `{ ran: false }` when somebody does. */
  async runIfFree<T>(name: string, work: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
    const key = this.keyOf(name);
    const token = randomUUID();
    if (!(await this.take(key, token))) return { ran: false };
    return { ran: true, result: await this.hold(key, token, work) };
  }

  private keyOf(name: string): string {
    return `${this.config.QUEUE_PREFIX}:lock:${name}`;
  }

  private async take(key: string, token: string): Promise<boolean> {
    return (await this.redis.set(key, token, 'PX', HOLD_MS, 'NX')) === 'OK';
  }

  private async hold<T>(key: string, token: string, work: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, HOLD_MS).catch(() => undefined);
    }, HOLD_MS / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}

export class LockTimeout extends DomainError {
  constructor(name: string) {
    super('conflict', `${name} is busy with other changes; try again`);
  }
}
