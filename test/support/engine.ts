import type { INestApplication } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import request from 'supertest';
import { createApp } from '../../apps/engine/src/app';
import { TokenService } from '../../apps/engine/src/auth/token.service';
import type { Role } from '../../apps/engine/src/auth/identity';
import type { Config } from '../../apps/engine/src/config/config';
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
  as(userId: string, roles?: Role[], tenantId?: string): Person;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const { mongo, redis } = serviceUrls();
  return {
    MONGODB_URI: withDatabase(mongo, uniqueName('baton')),
    REDIS_URL: redis,
    JWT_SECRET: TEST_SECRET,
    PORT: 0,
    HOST: '127.0.0.1',
    BATON_ROLE: 'all',
    QUEUE_PREFIX: uniqueName('bq'),
    LOG_LEVEL: 'error',
    BODY_LIMIT: '1mb',
    RELAY_SWEEP_MS: 500,
    EFFECT_CONCURRENCY: 8,
    ...overrides,
  };
}

export async function startEngine(overrides: Partial<Config> = {}): Promise<TestEngine> {
  const config = testConfig(overrides);
  const app = await createApp(config);
  await app.init();
  const client = await MongoClient.connect(config.MONGODB_URI);
  const db = client.db();
  const tokens = app.get(TokenService);
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    config,
    as: (userId, roles = ['member'], tenantId = 'acme') => ({ id: userId, token: tokens.issue({ sub: userId, tid: tenantId, name: userId, roles }, '1h') }),
    async close() {
      await app.close();
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
