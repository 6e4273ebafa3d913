import type { Definition } from '@baton/dsl';
import { api } from './api';

const cache = new Map<string, Promise<Definition>>();

/** A published version's definition; versions are immutable, so each is fetched once. */
export function publishedDefinition(id: string, version: number): Promise<Definition> {
  const key = `${id}@${version}`;
  let found = cache.get(key);
  if (!found) {
    found = api<{ definition: Definition }>(`/definitions/${encodeURIComponent(id)}/versions/${version}`).then((r) => r.definition);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
