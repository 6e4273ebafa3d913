import { durationsBy } from '../aggregate';
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
export const firstResponse: Metric<Record<string, never>> = (sources, scope) =>
  responsesAgainstTarget(sources, scope, SERIES.firstResponses, { definitionId: 'definitionId' });

/** Responses per combination of the key fields (ordered by them): met, missed or without a target, and how long they took. */
export async function responsesAgainstTarget(sources: Sources, scope: Scope, series: Series, keys: Record<string, string>): Promise<Table> {
  const groups = await durationsBy(sources, scope, series, keys, {
    met: { $eq: ['$status', 'met'] },
    missed: { $eq: ['$status', 'missed'] },
    noTarget: { $and: [{ $ne: ['$status', 'met'] }, { $ne: ['$status', 'missed'] }] },
  });
  const names = Object.keys(keys);
  return {
    columns: [...names, 'responses', 'met', 'missed', 'noTarget', 'meanMs', 'medianMs', 'p90Ms'],
    rows: groups.map(({ key, count, counts, meanMs, medianMs, p90Ms }) => ({ ...key, responses: count, met: counts.met!, missed: counts.missed!, noTarget: counts.noTarget!, meanMs, medianMs, p90Ms })),
  };
}
