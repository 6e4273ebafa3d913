import { randomBytes } from 'node:crypto';

/** The services `npm test` started; every suite gets its own database and queue prefix. */
export function serviceUrls() {
  const mongo = process.env.MONGODB_URI;
  const redis = process.env.REDIS_URL;
  if (!mongo || !redis) {
    throw new Error('MONGODB_URI and REDIS_URL are not set: run the tests with `npm test`, which starts the services');
  }
  return { mongo, redis };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
}

/** The base URI with a database name in its path. */
export function withDatabase(uri: string, database: string): string {
  const u = new URL(uri);
  u.pathname = `/${database}`;
  return u.toString();
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';
