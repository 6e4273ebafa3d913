import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What dependency-cruiser reports of src/ (its JSON output, the parts we read). */
export interface Cruise {
  summary: { violations: Array<{ rule: { name: string; severity: string }; from: string; to: string; cycle?: Array<{ name: string }> }> };
  folders: Array<{ name: string; dependencies: Array<{ name: string }> }>;
}

const engine = join(__dirname, '..');

/**
 * Runs dependency-cruiser with the engine's rules over src/. With `known`,
 * the violations listed in borders/known-violations.json (the tangle not yet
 * undone, written by `npx depcruise --config .dependency-cruiser.cjs
 * --output-type baseline src > borders/known-violations.json`) are left out.
 */
export function cruise({ known = false } = {}): Cruise {
  // the package exports no path to its CLI: look where npm puts it (the engine's node_modules, or hoisted to the root's)
  const bin = [engine, join(engine, '../..')].map((dir) => join(dir, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')).find(existsSync);
  if (!bin) throw new Error('dependency-cruiser is not installed: run npm ci');
  const out = execFileSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', ...(known ? ['--ignore-known', 'borders/known-violations.json'] : []), '--output-type', 'json', 'src'], {
    cwd: engine, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
  });
  return JSON.parse(out) as Cruise;
}

/** The top folders of src/ and which import which (a sub-folder counts as its top folder). */
export function topFolderEdges(result: Cruise): Map<string, Set<string>> {
  const top = (name: string) => /^src\/[^/]+/.exec(name)?.[0];
  const edges = new Map<string, Set<string>>();
  for (const folder of result.folders) {
    const from = top(folder.name);
    if (!from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const dep of folder.dependencies) {
      const to = top(dep.name);
      if (to && to !== from) edges.get(from)!.add(to);
    }
  }
  return edges;
}

/** Groups of folders that reach each other (strongly connected, more than one folder), by Tarjan's algorithm. */
export function folderCycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}

/** Pairs of folders that import each other directly. */
export function mutualPairs(edges: Map<string, Set<string>>): string[] {
  const pairs: string[] = [];
  for (const [a, tos] of edges) for (const b of tos) if (a < b && edges.get(b)?.has(a)) pairs.push(`${a} <-> ${b}`);
  return pairs.sort();
}
