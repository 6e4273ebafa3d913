import { Schema } from 'mongoose';

/**
 * A definition is kept as a document (`definition`), exactly as the analyst
 * saved it (`minimize: false` keeps empty objects), with the fields we query
 * on beside it. Keys that MongoDB cannot store as field names are refused
 * when a draft is saved (see storableProblems). Records written before
 * definitions became documents hold them as JSON text in `source`.
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

/** The definition a record holds (a document, or the JSON text of older records). */
export function definitionOf(record: { definition?: Record<string, unknown>; source?: string }): Record<string, unknown> {
  return record.definition ?? (JSON.parse(record.source ?? '{}') as Record<string, unknown>);
}

const MAX_DEPTH = 64;

/**
 * Where a definition cannot be stored as a document: keys starting with `$`
 * or holding `.` or NUL, and nesting deeper than MAX_DEPTH (MongoDB stores
 * at most 100 levels). Walked without recursion, so any depth is answered.
 */
export function storableProblems(definition: unknown): Array<{ pointer: string; message: string }> {
  const problems: Array<{ pointer: string; message: string }> = [];
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: definition, pointer: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      problems.push({ pointer: pointer || '/', message: `nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!Array.isArray(value) && (key.startsWith('$') || key.includes('.') || key.includes('\0'))) {
        problems.push({ pointer: at, message: 'a key may not start with "$" or contain "." or NUL' });
      }
      stack.push({ value: child, pointer: at, depth: depth + 1 });
    }
  }
  return problems;
}
