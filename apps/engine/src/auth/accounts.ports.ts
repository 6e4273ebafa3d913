/** What sign-in needs of a person. */
export interface Account {
  tenantId: string;
  id: string;
  name: string;
  email: string;
  roles: string[];
  adminOf: string[];
  active: boolean;
  sessionVersion?: number;
  passwordHash?: string | null;
}

/**
 * The people auth signs in, declared here and provided by org (bound in
 * app.module.ts), so auth never imports the domain that imports it.
 */
export interface Accounts {
  signInCandidate(tenantId: string, email: string): Promise<Account | null>;
  find(tenantId: string, id: string, options?: { activeOnly?: boolean }): Promise<Account | null>;
  endSessions(tenantId: string, id: string): Promise<void>;
}

export const ACCOUNTS = Symbol('ACCOUNTS');

