import { redisConnection } from './config';

describe('redisConnection', () => {
  it('reads host, port, credentials, database and TLS from REDIS_URL', () => {
    expect(redisConnection('rediss://user:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal', port: 6380, username: 'user', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null,
    });
  });

  it('defaults the port to 6379', () => {
    expect(redisConnection('redis://localhost')).toEqual({ host: 'localhost', port: 6379, maxRetriesPerRequest: null });
  });
});
