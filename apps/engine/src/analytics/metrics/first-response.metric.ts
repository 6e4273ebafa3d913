import { countBy, durationsBy } from '../aggregate';
import type { Metric, Sources } from '../metric';
import type { Scope } from '../scope';
import { SERIES, type Series } from '../series';
import type { Table } from '../table';

/**
 * Per SOP cadence (a team's follow-up rule): how many first responses in the
 * period, how many met or missed the cadence's response target, and the time
 * to first response (mean, median, p90). The department filter means the
 * owner's department.
 */
export const firstResponse: Metric<Record<string, never>> = async (sources, scope) => {
  const table = await responsesAgainstTarget(sources, scope, SERIES.firstResponses, { definitionId: 'definitionId' });
  return { ...table, rows: table.rows.sort((a, b) => String(a.definitionId).localeCompare(String(b.definitionId))) };
};

/** Responses per combination of the key fields: met, missed or without a target, and how long they took. */
export async function responsesAgainstTarget(sources: Sources, scope: Scope, series: Series, keys: Record<string, string>): Promise<Table> {
  const [outcomes, durations] = await Promise.all([
    countBy(sources, scope, series, { ...keys, status: 'status' }),
    durationsBy(sources, scope, series, keys),
  ]);
  const names = Object.keys(keys);
  const id = (key: Record<string, string>) => JSON.stringify(names.map((k) => key[k] ?? null));
  const rows = new Map(durations.map(({ key, count, meanMs, medianMs, p90Ms }) =>
    [id(key), { ...key, responses: count, met: 0, missed: 0, noTarget: 0, meanMs, medianMs, p90Ms }]));
  for (const { key, n } of outcomes) {
    const row = rows.get(id(key));
    if (!row) continue;
    if (key.status === 'met') row.met += n;
    else if (key.status === 'missed') row.missed += n;
    else row.noTarget += n;
  }
  return { columns: [...names, 'responses', 'met', 'missed', 'noTarget', 'meanMs', 'medianMs', 'p90Ms'], rows: [...rows.values()] };
}
