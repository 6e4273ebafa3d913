import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'member' | 'admin';

/** Who is calling: every query is scoped by this tenant, never by the body. */
export interface Identity {
  tenantId: string;
  userId: string;
  name: string;
  roles: Role[];
}

/** Claims of a Baton access token. */
export interface AccessClaims {
  sub: string;
  tid: string;
  name?: string;
  roles?: Role[];
}

export const PUBLIC = 'baton:public';
export const ROLES = 'baton:roles';

/** The route needs no sign-in (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => ctx.switchToHttp().getRequest().identity);
