import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

/** What this middleware reads of the router's route layers (router 2, Express 5). */
interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  matchers?: Array<(path: string) => unknown>;
}

/** A 405 is a problem answer like any other: the filter turns it into { statusCode, error, message, problems }. */
export class MethodNotAllowed extends DomainError {
  constructor(readonly method: string, readonly allow: string[]) {
    super('method-not-allowed', `${method} is not allowed here; allowed: ${allow.join(', ')}`, [{ pointer: '/method', message: `must be one of ${allow.join(', ')}` }]);
  }
}

/**
 * 405 with `Allow` for a path that exists with other methods; unknown paths
 * go on to the router's 404. Runs before the routes, so it asks the router's
 * own matchers (read once, after the routes are registered) which routes
 * match the path. Catch-all routes (the designer's pages) are not asked: they
 * would make every path exist.
 */
export function methodNotAllowed(router: () => { stack: RouteLayer[] } | undefined, send: (res: Response, error: unknown) => void) {
  let routes: Array<{ matches: (path: string) => boolean; methods: string[] }> | undefined;
  const table = () => (router()?.stack ?? [])
    .filter((layer) => layer.route && typeof layer.route.path === 'string' && !layer.route.path.includes('*') && layer.matchers)
    .map((layer) => ({
      matches: (path: string) => layer.matchers!.some((m) => {
        try {
          return Boolean(m(path));
        } catch {
          return false; // a malformed %-escape: the router answers it
        }
      }),
      methods: Object.keys(layer.route!.methods).map((m) => m.toUpperCase()),
    }));
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    routes ??= table();
    const takes = (methods: string[]) => methods.includes(req.method) || methods.includes('_ALL') || (req.method === 'HEAD' && methods.includes('GET'));
    // the usual request: a route of its method matches (only those routes' matchers are asked)
    if (routes.some((r) => takes(r.methods) && r.matches(req.path))) return next();
    const matching = routes.filter((r) => r.matches(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((r) => r.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].sort();
    res.setHeader('Allow', allow.join(', '));
    send(res, new MethodNotAllowed(req.method, allow));
  };
}
