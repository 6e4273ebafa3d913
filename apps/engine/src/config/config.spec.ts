import { ConfigError, loadConfig, redact, trustProxy } from './config';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/baton', REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'x'.repeat(32) };

describe('configuration from the environment', () => {
  it('fills defaults and coerces numbers', () => {
    expect(loadConfig({ ...valid, PORT: '8080' })).toMatchObject({ ...valid, PORT: 8080, BATON_ROLE: 'all', QUEUE_PREFIX: 'baton', BODY_LIMIT: '1mb' });
  });

  it('names every missing or bad variable in one message', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x', JWT_SECRET: 'short', BATON_ROLE: 'boss' })).toThrow(ConfigError);
    try {
      loadConfig({ REDIS_URL: 'http://x', JWT_SECRET: 'short', BATON_ROLE: 'boss' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['MONGODB_URI: is required', 'REDIS_URL: must match pattern', 'JWT_SECRET: must NOT have fewer than 32 characters', 'BATON_ROLE']) {
        expect(message).toContain(name);
      }
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('hides passwords in URIs it prints', () => {
    expect(redact('mongodb://baton:s3cret@db:27017/baton')).toBe('mongodb://baton:***@db:27017/baton');
    expect(redact('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and refuses anything else at start', () => {
    expect(trustProxy(loadConfig(valid))).toBe(false);
    expect(trustProxy(loadConfig({ ...valid, TRUST_PROXY: '1' }))).toBe(1);
    expect(trustProxy(loadConfig({ ...valid, TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }))).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'true' })).toThrow('TRUST_PROXY: "true" is not false, a hop count');
    expect(() => loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8,proxy.local' })).toThrow('TRUST_PROXY: "proxy.local"');
  });
});
