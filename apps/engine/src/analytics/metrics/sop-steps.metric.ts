import { durationsBy } from '../aggregate';
import type { Metric } from '../metric';
import { SERIES } from '../series';

/**
 * Per SOP cadence and step: how many steps were taken in the period, how
 * many on time (by their due time and a short grace, SOP_STEP_GRACE_MS in
 * fact.recorder.ts) and late, and how long after their due time (mean, p90).
 * The department filter means the owner's department.
 */
export const sopSteps: Metric<Record<string, never>> = async (sources, scope) => {
  const groups = await durationsBy(sources, scope, SERIES.sopSteps, { definitionId: 'definitionId', node: 'node' }, {
    onTime: { $eq: ['$status', 'on-time'] },
    late: { $ne: ['$status', 'on-time'] },
  });
  const rows = groups.map(({ key, count, counts, meanMs, p90Ms }) => {
    const [step, action] = key.node!.split('.');
    return { definitionId: key.definitionId!, step: Number(step), action: action!, taken: count, onTime: counts.onTime!, late: counts.late!, meanDelayMs: meanMs, p90DelayMs: p90Ms };
  });
  return {
    columns: ['definitionId', 'step', 'action', 'taken', 'onTime', 'late', 'meanDelayMs', 'p90DelayMs'],
    // the node is "<step>.<action>": step 10 sorts after step 9 only as a number
    rows: rows.sort((a, b) => a.definitionId.localeCompare(b.definitionId) || a.step - b.step),
  };
};
