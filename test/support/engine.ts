import type { INestApplication } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import request from 'supertest';
import { createApp } from '../../apps/engine/src/app';
import { AuthService } from '../../apps/engine/src/auth/auth.service';
import type { Clock } from '../../apps/engine/src/clock/clock';
import { loadConfig, type Config } from '../../apps/engine/src/config/config';
import { serviceUrls, TEST_SECRET, uniqueName, withDatabase } from './env';

export interface Person {
  id: string;
  token: string;
}

/** A running engine on its own database and queue prefix, with people to act as. */
export interface TestEngine {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: Db;
  config: Config;
  /** A seeded person (see PEOPLE) of a tenant, 'acme' unless named. */
  as(userId: string, tenantId?: string): Person;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const { mongo, redis } = serviceUrls();
  // the engine's own defaults, then what a test run needs
  return {
    ...loadConfig({ MONGODB_URI: withDatabase(mongo, uniqueName('baton')), REDIS_URL: redis, JWT_SECRET: TEST_SECRET }),
    PORT: 0,
    HOST: '127.0.0.1',
    QUEUE_PREFIX: uniqueName('bq'),
    LOG_LEVEL: 'error',
    RELAY_SWEEP_MS: 500,
    EFFECT_CONCURRENCY: 8,
    MAIL_FROM: 'Baton <baton@test.local>',
    // suites act fast as few people; the rate-limit suite sets its own limits
    RATE_LIMIT_PER_MINUTE: 100_000,
    RATE_LIMIT_HEAVY_PER_MINUTE: 10_000,
    ...overrides,
  };
}

/** An engine on the system clock, or on `clock` (a ManualClock the test moves). */
export async function startEngine(overrides: Partial<Config> = {}, clock?: Clock): Promise<TestEngine> {
  const config = testConfig(overrides);
  const app = await createApp(config, clock);
  await app.init();
  const client = await MongoClient.connect(config.MONGODB_URI);
  const db = client.db();
  await seedPeople(db);
  const auth = app.get(AuthService);
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    config,
    as: (userId, tenantId = 'acme') => ({ id: userId, token: auth.accessTokenFor({ id: userId, tenantId, name: userId }, 3600) }),
    async close() {
      await app.close();
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

export const TENANTS = ['acme', 'other-co'];
/** Members of both tenants; "admin" is their super admin. */
export const PEOPLE = ['alice', 'bob', 'carol', 'dan', 'dave', 'erin', 'mallory'];

/** Written straight to the collection: the organisation API has its own tests. */
export async function seedPeople(db: Db): Promise<void> {
  const now = new Date();
  const person = (tenantId: string, id: string, roles: string[]) => ({
    tenantId, id, email: `${id}@${tenantId}.test`, name: id, phone: null, passwordHash: null, departments: [], managerId: null,
    roles, adminOf: [], active: true, deactivatedAt: null, createdAt: now, updatedAt: now,
  });
  await db.collection('users').insertMany(TENANTS.flatMap((t) => [...PEOPLE.map((id) => person(t, id, ['member'])), person(t, 'admin', ['superAdmin'])]));
}
