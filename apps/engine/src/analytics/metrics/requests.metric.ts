import { countBy } from '../aggregate';
import { SERIES } from '../series';
import type { Metric } from '../metric';

const ENDED = ['completed', 'rejected', 'withdrawn', 'failed'] as const;

/** Requests submitted and ended (by final status) per definition and day or week. */
export const requestsOverTime: Metric<{ interval: 'day' | 'week' }> = async (sources, scope, { interval }) => {
  const groups = await countBy(sources, scope, SERIES.requests,
    { period: interval, definitionId: 'definitionId', kind: 'kind', status: 'status' });
  const rows = new Map<string, Record<string, string | number>>();
  for (const { key, n } of groups) {
    const id = `${key.period}\u0000${key.definitionId}`;
    const row = rows.get(id) ?? { period: key.period!, definitionId: key.definitionId!, submitted: 0, ...Object.fromEntries(ENDED.map((s) => [s, 0])) };
    const column = key.kind === 'submitted' ? 'submitted' : key.status!;
    row[column] = Number(row[column] ?? 0) + n;
    rows.set(id, row);
  }
  return {
    columns: ['period', 'definitionId', 'submitted', ...ENDED],
    rows: [...rows.values()].sort((a, b) => String(a.period).localeCompare(String(b.period)) || String(a.definitionId).localeCompare(String(b.definitionId))),
  };
};
