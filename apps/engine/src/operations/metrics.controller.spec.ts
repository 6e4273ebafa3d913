import type { Response } from 'express';
import type { DomainError } from '../api/domain-error';
import type { Config } from '../config/config';
import { EngineMetrics } from './engine-metrics.service';
import { MetricsController } from './metrics.controller';

describe('who may read /metrics', () => {
  const metrics = new EngineMetrics();
  const controller = (config: Partial<Config>) => new MetricsController(metrics, { METRICS_PUBLIC: false, ...config } as Config);
  const response = () => {
    const sent: { headers: Record<string, string>; body?: string } = { headers: {} };
    const res = { setHeader: (k: string, v: string) => (sent.headers[k] = v), end: (b: string) => (sent.body = b) } as unknown as Response;
    return { res, sent };
  };
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: DomainError) => error.kind);

  it('is closed when the operator set neither a token nor METRICS_PUBLIC', async () => {
    expect(await refusal(controller({}).scrape('Bearer anything', response().res))).toBe('unauthenticated');
  });

  it('opens to the configured bearer token only', async () => {
    const open = controller({ METRICS_TOKEN: 'a-token-of-sixteen+' });
    expect(await refusal(open.scrape(undefined, response().res))).toBe('unauthenticated');
    expect(await refusal(open.scrape('Bearer a-token-of-sixteen', response().res))).toBe('unauthenticated');
    const { res, sent } = response();
    await open.scrape('Bearer a-token-of-sixteen+', res);
    expect(sent.headers['Content-Type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sent.body).toContain('# TYPE baton_events_applied_total counter');
  });

  it('opens to anyone when the operator opted in', async () => {
    const { res, sent } = response();
    await controller({ METRICS_PUBLIC: true }).scrape(undefined, res);
    expect(sent.body).toContain('baton_http_request_duration_seconds');
  });
});
