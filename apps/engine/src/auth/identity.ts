import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { PUBLIC, ROLES } from '../api/route-metadata';

/** member: submits and decides; deptAdmin: manages its departments' subtrees; superAdmin: the whole tenant. */
export type Role = 'member' | 'deptAdmin' | 'superAdmin';

/** Who is calling: every query is scoped by this tenant, never by the body. */
export interface Identity {
  tenantId: string;
  /** the user id, or "key:<id>" for an API key */
  userId: string;
  name: string;
  roles: Role[];
  /** departments whose subtrees a department admin manages */
  adminOf: string[];
  kind: 'user' | 'key';
  ip: string | null;
}

/** Claims of a Baton access token. */
export interface AccessClaims {
  sub: string;
  tid: string;
  name?: string;
  /** the account's session version when the token was issued (absent: 0) */
  sv?: number;
}

export { PUBLIC, ROLES };

/** The route needs no sign-in (health, docs, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => ctx.switchToHttp().getRequest().identity);

/** A super admin administers the whole tenant. */
export function isSuperAdmin(actor: Identity): boolean {
  return actor.roles.includes('superAdmin');
}
