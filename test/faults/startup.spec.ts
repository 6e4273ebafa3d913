import { serviceUrls, TEST_SECRET } from '../support/env';
import { runEngine } from '../support/process';

describe('engine start-up', () => {
  const { redis } = serviceUrls();

  it('stops with one clear line naming MONGODB_URI when MongoDB cannot be reached', async () => {
    const result = await runEngine({ MONGODB_URI: 'mongodb://127.0.0.1:1/baton', REDIS_URL: redis, JWT_SECRET: TEST_SECRET });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^baton: cannot reach MongoDB at MONGODB_URI=mongodb:\/\/127\.0\.0\.1:1\/baton: /);
  });

  it('stops with one line naming each bad setting', async () => {
    const result = await runEngine({ MONGODB_URI: 'postgres://x', REDIS_URL: redis, JWT_SECRET: 'short', PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/MONGODB_URI: must match pattern/);
    expect(result.stderr).toMatch(/JWT_SECRET: must NOT have fewer than 32 characters/);
    expect(result.stderr).toMatch(/PORT: must be integer/);
  });
});
