import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isTransientDatabaseError } from '../database/errors';
import { DomainError, type ErrorKind } from './domain-error';
import { MAX_JSON_DEPTH } from './json-depth';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  unsupported: 415,
  'rate-limited': 429,
  unprocessable: 422,
  unavailable: 503,
};

/** Body-parser errors arrive as plain errors with a `type`. */
const PARSER_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'the body is not valid JSON' },
  'entity.too.deep': { status: 400, message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` },
  'entity.too.large': { status: 413, message: 'the body is larger than the limit' },
  'encoding.unsupported': { status: 415, message: 'unsupported body encoding' },
  'charset.unsupported': { status: 415, message: 'unsupported body charset' },
};

/**
 * The one place where errors become HTTP answers:
 * { statusCode, error, message, problems: [{ pointer, message }] }.
 * Anything unexpected is logged and answered 500 without internals.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<Response>(), exception, this.logger);
  }
}

/** Also used for errors raised before Nest routes a request (the body parser). */
export function sendProblem(response: Response, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const { status, message, problems } = describe(exception);
  const retryAfter = (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
  if (status === 429 && retryAfter) response.setHeader('Retry-After', String(retryAfter));
  if (status === 503) response.setHeader('Retry-After', '1');
  if (status >= 500) logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  response.status(status).json({ statusCode: status, error: reason(status), message, problems });
}

function describe(exception: unknown): { status: number; message: string; problems: unknown[] } {
  if (exception instanceof DomainError) {
    return { status: STATUS[exception.kind], message: exception.message, problems: exception.problems };
  }
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    return { status: exception.getStatus(), message, problems: [] };
  }
  if (isTransientDatabaseError(exception)) {
    return { status: 503, message: 'the database is busy or unreachable; try again in a moment', problems: [] };
  }
  const parser = PARSER_ERRORS[(exception as { type?: string })?.type ?? ''];
  if (parser) return { ...parser, problems: [{ pointer: '', message: parser.message }] };
  const stored = storedValueProblems(exception);
  if (stored) return { status: 400, message: `the request is invalid: ${stored.map((p) => `${p.pointer} ${p.message}`).join('; ')}`, problems: stored };
  return { status: 500, message: 'internal error', problems: [] };
}

/**
 * A safety net: input that passed the edge but not the database schema
 * (mongoose's ValidationError, CastError) is the caller's mistake, not ours.
 * Each domain should refuse it first, with a precise pointer.
 */
function storedValueProblems(exception: unknown): Array<{ pointer: string; message: string }> | null {
  const e = exception as { name?: string; path?: string; value?: unknown; kind?: string; errors?: Record<string, { path?: string; message?: string; kind?: string }> } | null;
  const pointer = (path = '') => `/${path.split('.').join('/')}`;
  if (e?.name === 'CastError') return [{ pointer: pointer(e.path), message: `${JSON.stringify(e.value) ?? 'the value'} is not a valid ${String(e.kind ?? 'value').toLowerCase()}` }];
  if (e?.name === 'ValidationError' && e.errors) {
    return Object.values(e.errors).map((v) => ({ pointer: pointer(v.path), message: v.kind === 'required' ? 'is required' : v.message ?? 'is invalid' }));
  }
  return null;
}

function reason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone',
    413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
    500: 'Internal Server Error', 503: 'Service Unavailable',
  };
  return reasons[status] ?? 'Error';
}
