import type { Definition } from '@baton/dsl';

/** What changed between two versions, node by node (by id). */
export interface VersionDiff {
  added: string[];
  removed: string[];
  changed: string[];
  edges: { added: number; removed: number };
}

export function compareVersions(before: Definition, after: Definition): VersionDiff {
  const old = new Map(before.nodes.map((n) => [n.id, JSON.stringify(n)]));
  const now = new Map(after.nodes.map((n) => [n.id, JSON.stringify(n)]));
  const edgeKey = (e: Definition['edges'][number]) => JSON.stringify([e.from, e.to, e.on ?? null, e.condition ?? null]);
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    edges: { added: [...newEdges].filter((e) => !oldEdges.has(e)).length, removed: [...oldEdges].filter((e) => !newEdges.has(e)).length },
  };
}
