import { MongoClient } from 'mongodb';
import request from 'supertest';
import { serviceUrls, TEST_SECRET, uniqueName, withDatabase } from '../support/env';
import { freePort } from '../support/ports';
import { EngineProcess } from '../support/process';

/** A `baton worker` process answers Prometheus on METRICS_PORT, under the same token rule as the API, and serves nothing else. */
describe('worker metrics', () => {
  const { mongo: mongoUri, redis: redisUrl } = serviceUrls();
  const database = uniqueName('worker_metrics');
  const token = 'worker-metrics-token-0123456789';
  let worker: EngineProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = new EngineProcess({
      MONGODB_URI: withDatabase(mongoUri, database), REDIS_URL: redisUrl, JWT_SECRET: TEST_SECRET,
      QUEUE_PREFIX: uniqueName('wm'), METRICS_PORT: String(port), METRICS_TOKEN: token,
    }, 'worker');
    await worker.start();
  }, 60_000);

  afterAll(async () => {
    await worker.stop();
    const client = await MongoClient.connect(mongoUri);
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('answers GET /metrics with the token, in Prometheus text', async () => {
    expect(worker.output).toContain(`metrics on ${url}/metrics`);
    const res = await request(url).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('baton_job_failures_total');
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('refuses a scrape without the token, a wrong method, and every other path', async () => {
    const anonymous = await request(url).get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('METRICS_TOKEN') });
    expect((await request(url).get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token')).status).toBe(401);
    const posted = await request(url).post('/metrics').set('Authorization', `Bearer ${token}`);
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('GET, HEAD');
    expect((await request(url).get('/api/v1/instances').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect((await request(url).get('/health')).status).toBe(404);
  });
});
