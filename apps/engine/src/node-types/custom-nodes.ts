import { defineNode, validatorFor, type NodeRegistry, type NodeType } from '@baton/dsl';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** A custom node module that was not loaded, and why; the engine starts without it. */
export interface SkippedNode {
  source: string;
  type?: string;
  reason: string;
}

/**
 * Loads custom node modules: npm package names or paths (CUSTOM_NODES) and
 * every module in a folder (CUSTOM_NODES_DIR). A module exports node types
 * made with `defineNode` from @baton/dsl — as its default export, an array,
 * or named exports. A module that throws, a node whose declaration or config
 * schema is broken, and a type that is already registered are skipped and
 * reported by name; the others load.
 */
export function loadCustomNodes(sources: readonly string[], taken: NodeRegistry): { types: NodeType[]; skipped: SkippedNode[] } {
  const types: NodeType[] = [];
  const skipped: SkippedNode[] = [];
  const seen = new Set(taken.list().map((t) => t.type));
  for (const source of sources) {
    let exported: unknown;
    try {
      // custom nodes are loaded at run time by name: a dynamic require is the point
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(resolveModule(source));
    } catch (error) {
      skipped.push({ source, reason: `failed to load: ${messageOf(error)}` });
      continue;
    }
    const candidates = declarationsIn(exported);
    if (candidates.length === 0) skipped.push({ source, reason: 'exports no node type (use defineNode from @baton/dsl)' });
    for (const candidate of candidates) {
      const name = typeof (candidate as { type?: unknown }).type === 'string' ? (candidate as { type: string }).type : undefined;
      try {
        const type: NodeType = defineNode(candidate as Parameters<typeof defineNode>[0]);
        schemaProblem(type);
        if (seen.has(type.type)) throw new Error(`node type "${type.type}" is already registered`);
        seen.add(type.type);
        types.push(type);
      } catch (error) {
        skipped.push({ source, ...(name ? { type: name } : {}), reason: messageOf(error) });
      }
    }
  }
  return { types, skipped };
}

/** The module sources named by the configuration, in load order. */
export function customNodeSources(list: string | undefined, dir: string | undefined): string[] {
  const named = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!dir) return named;
  const folder = resolve(dir);
  if (!existsSync(folder)) return [...named, folder];
  const inFolder = readdirSync(folder).sort()
    .filter((f) => !f.startsWith('.') && (/\.(c?js)$/.test(f) || statSync(join(folder, f)).isDirectory()))
    .map((f) => join(folder, f));
  return [...named, ...inFolder];
}

function resolveModule(source: string): string {
  const path = source.startsWith('.') || isAbsolute(source) ? resolve(source) : source;
  return require.resolve(path, { paths: [process.cwd()] });
}

function declarationsIn(exported: unknown): unknown[] {
  const looksLikeNode = (v: unknown) => typeof v === 'object' && v !== null && 'type' in v && 'config' in v;
  if (Array.isArray(exported)) return exported;
  if (looksLikeNode(exported)) return [exported];
  if (typeof exported !== 'object' || exported === null) return [];
  const record = exported as Record<string, unknown>;
  if (record.default !== undefined && record.default !== exported) {
    const inner = declarationsIn(record.default);
    if (inner.length > 0) return inner;
  }
  return Object.entries(record).filter(([key, v]) => key !== 'default' && looksLikeNode(v)).map(([, v]) => v);
}

/** The config must be a JSON Schema of an object that Ajv compiles: the designer renders a form from it. */
function schemaProblem(type: NodeType): void {
  const config = type.config as { type?: unknown };
  if (typeof config !== 'object' || config === null || config.type !== 'object') throw new Error(`node type "${type.type}": config must be a JSON Schema of an object`);
  try {
    validatorFor(type.config);
  } catch (error) {
    throw new Error(`node type "${type.type}": config is not a valid JSON Schema: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
