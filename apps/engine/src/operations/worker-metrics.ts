import { Logger } from '@nestjs/common';
import { createServer, STATUS_CODES, type Server } from 'node:http';
import { DomainError } from '../api/domain-error';
import type { Config } from '../config/config';
import type { EngineMetrics } from './engine-metrics.service';
import { metricsRefusal } from './metrics.controller';

/**
 * A `baton worker` has no HTTP API; with METRICS_PORT it answers GET /metrics
 * there (and 404 for anything else), under the same rule as the API's:
 * METRICS_TOKEN as a bearer token, or METRICS_PUBLIC.
 */
export function serveWorkerMetrics(metrics: EngineMetrics, config: Config, port: number, host: string): Promise<Server> {
  const logger = new Logger('metrics');
  const server = createServer((req, res) => {
    const problem = (error: DomainError, status: number) => {
      res.writeHead(status, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message: error.message, problems: [] }));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return problem(new DomainError('not-found', `a worker answers only GET /metrics, not ${path}`), 404);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return problem(new DomainError('method-not-allowed', `${req.method} is not allowed on /metrics`), 405);
    }
    const refusal = metricsRefusal(config, req.headers.authorization);
    if (refusal) return problem(refusal, 401);
    metrics.text().then(({ contentType, body }) => {
      res.writeHead(200, { 'Content-Type': contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
    }, (error: unknown) => {
      logger.error(`metrics: ${(error as Error).message}`);
      problem(new DomainError('unavailable', 'the metrics could not be collected'), 503);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
