/**
 * The engine's REST API as the UI uses it: one fetch wrapper that adds the
 * session's bearer token and turns problem replies into ApiError.
 */
import { formMessage } from './form-messages';

export interface Session {
  tenant: string;
  token: string;
  refreshToken?: string;
  user: { id: string; name: string; email?: string };
  roles: string[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly problems: Array<{ pointer: string; message: string }> = []) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An error as one line for the page: the message and each problem with its field. */
export function problemText(e: unknown): string {
  return e instanceof ApiError ? `${e.message} ${e.problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}` : String(e);
}

const SESSION_KEY = 'baton.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const session = loadSession();
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const message = typeof json?.message === 'string' ? json.message : Array.isArray(json?.message) ? json.message.join('; ') : response.statusText;
    throw new ApiError(response.status, message, json?.problems ?? []);
  }
  return json as T;
}

export async function signIn(tenant: string, email: string, password: string): Promise<Session> {
  const reply = await api<{ accessToken: string; refreshToken: string; user: Session['user'] }>('/auth/login', { body: { tenant, email, password } });
  saveSession({ tenant, token: reply.accessToken, refreshToken: reply.refreshToken, user: reply.user, roles: [] });
  const me = await api<{ roles: string[] }>('/auth/me');
  const session: Session = { tenant, token: reply.accessToken, refreshToken: reply.refreshToken, user: reply.user, roles: me.roles };
  saveSession(session);
  return session;
}

export interface Page<T> {
  items: T[];
  total?: number;
}

export interface NodeTypeInfo {
  type: string;
  version?: number;
  title: string;
  category: string;
  icon?: string;
  description?: string;
  behaviour?: string;
  outputs?: string[];
  config: Record<string, unknown>;
}

export interface DefinitionSummary {
  id: string;
  name: string;
  kind: string;
  category: string | null;
  description?: string | null;
  latestVersion: number | null;
  problemCount: number;
}

export interface InstanceView {
  id: string;
  serial: string;
  definitionId: string;
  version: number;
  title: string;
  status: string;
  at: string[];
  createdBy: string;
  copiedTo: string[];
  createdAt: string;
  form?: Record<string, unknown>;
  path?: string[];
  /** set when the definition asks for a watermark naming the viewer */
  watermark?: { text: string; date: string } | null;
}

export interface TaskView {
  id: string;
  instanceId: string;
  definitionId: string;
  node: string;
  title: string;
  status: string;
  assignee: string;
  decidedBy?: string | null;
  createdAt: string;
}

export interface HistoryEntry {
  rev: number;
  type: string;
  actor: string;
  at: string;
  from: string[];
  to: string[];
  node?: string;
  outcome?: string;
  comment?: string;
  /** a decision made from an e-mail's one-tap link */
  via?: 'email' | 'chat';
  /** why the engine did a step on its own (or how a decision came), in each language */
  explanation?: Record<string, string>;
}

/** Who holds or held a step of a request (GET /instances/:id/tasks). */
export interface InstanceTask {
  node: string;
  assignee: string;
  /** the person's name (the id when the person is gone) */
  assigneeName: string;
  status: string;
  decidedBy?: string | null;
}

/** The same error with its problems' pointers renamed: the engine's /body/name/en to the form's field /body/nameEn, say. */
export function renamePointers(e: unknown, rename: (pointer: string) => string): unknown {
  return e instanceof ApiError ? new ApiError(e.status, e.message, e.problems.map((p) => ({ ...p, pointer: rename(p.pointer) }))) : e;
}

/**
 * An API error as antd form field errors: `/body/name` goes beside the
 * `name` field; a problem without a field of the form is returned in `rest`.
 */
export function formProblems<N extends string>(e: unknown, fieldNames: readonly N[]): { fields: Array<{ name: N; errors: string[] }>; rest: string | null } {
  if (!(e instanceof ApiError)) return { fields: [], rest: String(e) };
  const fields = new Map<N, string[]>();
  const rest: string[] = [];
  for (const p of e.problems) {
    const name = (p.pointer.split('/')[2] ?? '') as N;
    // the engine's words, in the page's language where they are known
    const message = formMessage(p.message);
    if (fieldNames.includes(name)) fields.set(name, [...(fields.get(name) ?? []), message]);
    else rest.push(p.pointer ? `${p.pointer}: ${message}` : message);
  }
  if (fields.size === 0 && rest.length === 0) rest.push(e.message);
  return { fields: [...fields].map(([name, errors]) => ({ name, errors })), rest: rest.length ? rest.join('; ') : null };
}
