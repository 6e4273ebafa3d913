import { durationsBy } from '../aggregate';
import { SERIES } from '../series';
import type { Metric } from '../metric';

/** Per approver: how many tasks they decided and how long from the task opening to their decision, slowest (median) first. */
export const responseTimes: Metric<Record<string, never>> = async (sources, scope) => {
  const groups = await durationsBy(sources, scope, SERIES.decisions, { assignee: 'assignee' });
  return {
    columns: ['assignee', 'count', 'meanMs', 'medianMs', 'p90Ms'],
    rows: groups.map(({ key, count, meanMs, medianMs, p90Ms }) => ({ assignee: key.assignee!, count, meanMs, medianMs, p90Ms }))
      .sort((a, b) => b.medianMs - a.medianMs || a.assignee.localeCompare(b.assignee)),
  };
};
