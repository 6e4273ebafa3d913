/**
 * The metadata keys route decorators write (auth/identity.ts: @Public,
 * @Roles; auth/rate-limits.ts: @Heavy) and the contract reads when it
 * documents each route's security and error answers. Kept here, in the
 * shared api folder, so the contract does not import the auth domain.
 */
export const PUBLIC = 'baton:public';
export const ROLES = 'baton:roles';
export const HEAVY = 'baton:heavy';
