import type { NextFunction, Request, Response } from 'express';
import { EngineMetrics } from './engine-metrics.service';

/**
 * Times every request and labels it with the route pattern Express matched
 * (`/api/v1/tasks/:id/approve`), so ids never become label values. What no
 * route matched (404s, static files, the queue board's own routes) is
 * labelled by a fixed name.
 */
export function httpMetrics(metrics: EngineMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, routeOf(req), res.statusCode, seconds);
    });
    next();
  };
}

function routeOf(req: Request): string {
  // the board's router is mounted below /admin/queues; its inner patterns mean nothing outside it
  if (req.originalUrl.startsWith('/admin/queues')) return '/admin/queues/*';
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? path : 'unmatched';
}
