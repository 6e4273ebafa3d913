import { durationsBy } from '../aggregate';
import { factMatch } from '../scope';
import type { Metric } from '../metric';

/** Per approver: how many tasks they decided and how long from the task opening to their decision, slowest (median) first. */
export const responseTimes: Metric<Record<string, never>> = async ({ facts }, scope) => {
  const groups = await durationsBy(facts, factMatch(scope, ['decision']), { assignee: 'assignee' });
  return {
    columns: ['assignee', 'count', 'meanMs', 'medianMs', 'p90Ms'],
    rows: groups.map(({ key, ...s }) => ({ assignee: key.assignee!, ...s })).sort((a, b) => b.medianMs - a.medianMs || a.assignee.localeCompare(b.assignee)),
  };
};
