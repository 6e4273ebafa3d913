import type { Problem } from '@baton/dsl';

/**
 * What went wrong, in the domain's words. The HTTP status is decided in one
 * place (ProblemFilter) from the kind, never by the code that throws.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable' | 'too-large' | 'unsupported' | 'rate-limited' | 'method-not-allowed' | 'unavailable' | 'gone';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  constructor(problems: Problem[], message = 'the request is invalid') {
    super('invalid', `${message}: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`, problems);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not-found', `${what} "${id}" does not exist`);
  }
}

export class RateLimited extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('rate-limited', message);
  }
}
