import { countBy, durationsBy } from '../aggregate';
import { factMatch } from '../scope';
import type { Metric } from '../metric';

/**
 * Per SOP cadence (a team's follow-up rule): how many first responses in the
 * period, how many met or missed the cadence's response target, and the time
 * to first response (mean, median, p90). The department filter means the
 * owner's department.
 */
export const firstResponse: Metric<Record<string, never>> = async ({ facts }, scope) => {
  const match = factMatch(scope, ['first-response']);
  const [outcomes, durations] = await Promise.all([
    countBy(facts, match, { definitionId: 'definitionId', status: 'status' }),
    durationsBy(facts, match, { definitionId: 'definitionId' }),
  ]);
  const rows = new Map(durations.map(({ key, count, meanMs, medianMs, p90Ms }) =>
    [key.definitionId!, { definitionId: key.definitionId!, responses: count, met: 0, missed: 0, noTarget: 0, meanMs, medianMs, p90Ms }]));
  for (const { key, n } of outcomes) {
    const row = rows.get(key.definitionId!);
    if (!row) continue;
    if (key.status === 'met') row.met += n;
    else if (key.status === 'missed') row.missed += n;
    else row.noTarget += n;
  }
  return {
    columns: ['definitionId', 'responses', 'met', 'missed', 'noTarget', 'meanMs', 'medianMs', 'p90Ms'],
    rows: [...rows.values()].sort((a, b) => a.definitionId.localeCompare(b.definitionId)),
  };
};
