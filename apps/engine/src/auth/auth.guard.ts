import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../api/domain-error';
import { PUBLIC, ROLES, type AccessClaims, type Identity, type Role } from './identity';

/** Every route is signed-in and role-checked unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new DomainError('unauthenticated', 'sign in: send "Authorization: Bearer <token>"');
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & object>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthenticated', 'the access token is invalid or expired');
    }
    if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string') {
      throw new DomainError('unauthenticated', 'the access token names no user or tenant');
    }
    const identity: Identity = { tenantId: claims.tid, userId: claims.sub, name: claims.name ?? claims.sub, roles: claims.roles ?? ['member'] };
    request.identity = identity;
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (needed && !needed.some((r) => identity.roles.includes(r))) {
      throw new DomainError('forbidden', `this needs the role ${needed.join(' or ')}`);
    }
    return true;
  }
}
