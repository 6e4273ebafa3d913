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
  let routes: Map<string, Route[]> | undefined;
  const table = () => {
    const byPrefix = new Map<string, Route[]>();
    for (const layer of router()?.stack ?? []) {
      if (!layer.route || typeof layer.route.path !== 'string' || layer.route.path.includes('*') || !layer.matchers) continue;
      const route: Route = {
        matches: (path: string) => layer.matchers!.some((m) => {
          try {
            return Boolean(m(path));
          } catch {
            return false; // a malformed %-escape: the router answers it
          }
        }),
        methods: Object.keys(layer.route.methods).map((m) => m.toUpperCase()),
      };
      const key = prefixOf(layer.route.path);
      byPrefix.set(key, [...(byPrefix.get(key) ?? []), route]);
    }
    return byPrefix;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    routes ??= table();
    // only the routes whose fixed start fits this path are asked (a handful, not every route)
    const segments = req.path.split('/', PREFIX_SEGMENTS + 1).slice(1).map((s) => s.toLowerCase());
    const candidates: Route[] = [];
    for (let n = 0; n <= Math.min(PREFIX_SEGMENTS, segments.length); n++) candidates.push(...(routes.get(`/${segments.slice(0, n).join('/')}`) ?? []));
    const takes = (methods: string[]) => methods.includes(req.method) || methods.includes('_ALL') || (req.method === 'HEAD' && methods.includes('GET'));
    // the usual request: a route of its method matches (only those routes' matchers are asked)
    if (candidates.some((r) => takes(r.methods) && r.matches(req.path))) return next();
    const matching = candidates.filter((r) => r.matches(req.path));
    if (matching.length === 0) return next();
    const allowed = new Set(matching.flatMap((r) => r.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].sort();
    res.setHeader('Allow', allow.join(', '));
    send(res, new MethodNotAllowed(req.method, allow));
  };
}

interface Route {
  matches: (path: string) => boolean;
  methods: string[];
}

/** Routes are filed under their first fixed segments, up to this many. */
const PREFIX_SEGMENTS = 3;

/**
 * `/api/v1/tasks/:id/approve` is filed under `/api/v1/tasks`; a route with a
 * parameter (or an optional part) sooner, under the fixed segments before it.
 * Paths match case-insensitively, as the router's do.
 */
function prefixOf(path: string): string {
  const fixed: string[] = [];
  for (const segment of path.split('/').slice(1, PREFIX_SEGMENTS + 1)) {
    if (/[:{}()*?]/.test(segment)) break;
    fixed.push(segment.toLowerCase());
  }
  return `/${fixed.join('/')}`;
}
