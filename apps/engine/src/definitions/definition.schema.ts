import { Schema } from 'mongoose';

/**
 * A definition is kept as a document (`definition`), exactly as the analyst
 * saved it (`minimize: false` keeps empty objects; keys MongoDB cannot take
 * are escaped, see storedForm), with the fields we query on beside it.
 * Records written before definitions became documents hold them as JSON text
 * in `source`.
 */
export interface DraftRecord {
  tenantId: string;
  definitionId: string;
  name: string;
  kind: string;
  category: string | null;
  definition: Record<string, unknown>;
  /** JSON text of records written before definitions were documents */
  source?: string;
  problemCount: number;
  latestVersion: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const DraftSchema = new Schema<DraftRecord>(
  {
    tenantId: { type: String, required: true },
    definitionId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    category: { type: String, default: null },
    definition: { type: Schema.Types.Mixed, required: true },
    source: { type: String },
    problemCount: { type: Number, required: true },
    latestVersion: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'definitions', timestamps: true, versionKey: false, minimize: false },
);
DraftSchema.index({ tenantId: 1, definitionId: 1 }, { unique: true });

export interface VersionRecord {
  tenantId: string;
  definitionId: string;
  version: number;
  name: string;
  kind: string;
  definition: Record<string, unknown>;
  /** JSON text of records written before definitions were documents */
  source?: string;
  note: string;
  publishedBy: string;
  publishedAt: Date;
}

export const VersionSchema = new Schema<VersionRecord>(
  {
    tenantId: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    source: { type: String },
    note: { type: String, default: '' },
    publishedBy: { type: String, required: true },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'definition_versions', versionKey: false, minimize: false },
);
VersionSchema.index({ tenantId: 1, definitionId: 1, version: -1 }, { unique: true });

export const DRAFT = 'Draft';
export const VERSION = 'Version';

/** The definition a record holds (a document with escaped keys, or the JSON text of older records). */
export function definitionOf(record: { definition?: Record<string, unknown>; source?: string }): Record<string, unknown> {
  if (record.definition) return mapKeys(record.definition, unescapeKey) as Record<string, unknown>;
  return JSON.parse(record.source ?? '{}') as Record<string, unknown>;
}

/**
 * The definition as stored: a draft is the analyst's data, and may hold any
 * key (`$where` in a rule that validation will refuse, a label with a dot),
 * while MongoDB field names may not start with `$` or hold `.` or NUL. Those
 * characters are escaped like JSON pointer escapes `/` (`~` first, so the
 * escaping reverses exactly); call storableProblems first.
 */
export function storedForm(definition: Record<string, unknown>): Record<string, unknown> {
  return mapKeys(definition, escapeKey) as Record<string, unknown>;
}

const ESCAPES: Record<string, string> = { '~0': '~', '~1': '.', '~2': '$', '~3': '\0' };
const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\./g, '~1').replace(/^\$/, '~2').replace(/\0/g, '~3');
const unescapeKey = (key: string) => key.replace(/~[0-3]/g, (e) => ESCAPES[e]!);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), mapKeys(v, rename)]));
}

const MAX_DEPTH = 64;

/**
 * Where a definition cannot be stored as a document: nesting deeper than
 * MAX_DEPTH (MongoDB stores at most 100 levels). Walked without recursion,
 * so any depth gets this answer instead of a stack overflow.
 */
export function storableProblems(definition: unknown): Array<{ pointer: string; message: string }> {
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: definition, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) return [{ pointer: pointer || '/', message: `nested deeper than ${MAX_DEPTH} levels` }];
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth: depth + 1 });
    }
  }
  return [];
}
