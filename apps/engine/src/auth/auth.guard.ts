import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../api/domain-error';
import { AuthService } from './auth.service';
import { PUBLIC, ROLES, type Role } from './identity';
import { HEAVY, isHeavy, RateLimits, type HeavyWhen } from './rate-limits';

/**
 * Every route is signed-in and role-checked unless marked @Public(). The
 * account is looked up on each request, so a deactivated person is refused
 * at once, not when their access token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const credential = credentialOf(request);
    if (!credential) throw new DomainError('unauthenticated', 'sign in: send "Authorization: Bearer <token or API key>"');
    const identity = await this.auth.identify(credential, request.ip ?? null);
    request.identity = identity;
    const budget = await this.limits.take(identity, isHeavy(this.reflector.getAllAndOverride<HeavyWhen | undefined>(HEAVY, targets), request));
    const response = context.switchToHttp().getResponse();
    response.setHeader('RateLimit-Limit', String(budget.limit));
    response.setHeader('RateLimit-Remaining', String(budget.remaining));
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (needed && !needed.some((r) => identity.roles.includes(r))) {
      throw new DomainError('forbidden', `this needs the role ${needed.join(' or ')}`);
    }
    return true;
  }
}

/** The bearer token or API key a request carries, if any. */
export function credentialOf(request: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7);
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}
