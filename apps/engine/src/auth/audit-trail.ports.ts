import type { Identity } from './identity';

/** Who did something, as the audit log records them. */
export interface AuditActor {
  tenantId: string;
  id: string;
  kind: 'user' | 'key' | 'system';
  ip?: string | null;
}

/**
 * The audit log as auth writes to it (sign-ins, API keys), declared here and
 * provided by audit (AuditModule binds it to AuditService), so auth, which
 * every domain uses, imports no domain above it.
 */
export interface AuditTrail {
  record(who: Identity | AuditActor, action: string, record: { type: string; id: string }, from: unknown, to: unknown, sourceId?: string): Promise<void>;
}

export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
