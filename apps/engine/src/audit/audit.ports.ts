import type { Identity } from '../auth/identity';

/**
 * What a department admin's audit export may show: the departments of
 * their subtrees and the people there. Declared here and provided by org
 * (PeopleService, bound in app.module.ts), so audit, which org writes to,
 * never imports org.
 */
export interface AuditScopes {
  administeredBy(actor: Identity): Promise<{ departments: string[]; people: string[] }>;
}

export const AUDIT_SCOPES = Symbol('AUDIT_SCOPES');
