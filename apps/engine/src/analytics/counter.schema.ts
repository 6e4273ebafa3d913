import { Schema } from 'mongoose';

/**
 * The facts of one series, UTC day and combination of the series'
 * dimensions, counted per department key ("*" for the tenant, "i:<dept>"
 * and "a:<dept>", see series.ts): `n` how many, `ms` their summed durations.
 * Derived from the facts (the record); FactCounters keeps it.
 */
export interface CounterRecord {
  /** JSON of [tenant, series, day, ...dimension values]: the same for every fact that adds to it */
  _id: string;
  tenantId: string;
  series: string;
  day: string;
  week: string;
  definitionId?: string;
  kind?: string;
  status?: string | null;
  node?: string | null;
  assignee?: string | null;
  bucket?: number | null;
  n: Record<string, number>;
  ms: Record<string, number>;
  /** facts added here whose own `counted` mark is not known to be set (see FactCounters) */
  pending: string[];
}

export const CounterSchema = new Schema<CounterRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    series: { type: String, required: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    definitionId: String,
    kind: String,
    status: String,
    node: String,
    assignee: String,
    bucket: Number,
    n: { type: Schema.Types.Mixed, default: {} },
    ms: { type: Schema.Types.Mixed, default: {} },
    pending: { type: [String], default: [] },
  },
  { collection: 'analytics_counters', versionKey: false },
);
// a dashboard reads one series of one tenant, over a range of days
CounterSchema.index({ tenantId: 1, series: 1, day: 1 });

export const COUNTER = 'AnalyticsCounter';
