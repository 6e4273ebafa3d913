/**
 * What the portal remembers on this device: a draft per form (kept while
 * the employee types, dropped on submit) and the forms used most recently.
 */

const DRAFT = (definitionId: string) => `baton.draft.${definitionId}`;
const RECENT = 'baton.recent';
const RECENT_MAX = 4;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or a full store: the draft lasts for this page only
  }
}

export function loadDraft(definitionId: string): Record<string, unknown> | null {
  const draft = read<Record<string, unknown>>(DRAFT(definitionId));
  return draft && typeof draft === 'object' && Object.keys(draft).length > 0 ? draft : null;
}

export function saveDraft(definitionId: string, form: Record<string, unknown>): void {
  write(DRAFT(definitionId), form);
}

export function clearDraft(definitionId: string): void {
  write(DRAFT(definitionId), null);
}

/** Ids of the forms opened last, newest first. */
export function recentForms(): string[] {
  const list = read<unknown>(RECENT);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

export function rememberForm(definitionId: string): void {
  write(RECENT, [definitionId, ...recentForms().filter((id) => id !== definitionId)].slice(0, RECENT_MAX));
}
