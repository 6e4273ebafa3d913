import { countBy, durationsBy } from '../aggregate';
import type { Metric } from '../metric';
import { SERIES } from '../series';

/**
 * Per SOP cadence and step: how many steps were taken in the period, how
 * many on time (by their due time and a short grace, SOP_STEP_GRACE_MS in
 * fact.recorder.ts) and late, and how long after their due time (mean, p90).
 * The department filter means the owner's department.
 */
export const sopSteps: Metric<Record<string, never>> = async (sources, scope) => {
  const keys = { definitionId: 'definitionId', node: 'node' };
  const [outcomes, delays] = await Promise.all([
    countBy(sources, scope, SERIES.sopSteps, { ...keys, status: 'status' }),
    durationsBy(sources, scope, SERIES.sopSteps, keys),
  ]);
  const rows = new Map(delays.map(({ key, count, meanMs, p90Ms }) => {
    const [step, action] = key.node!.split('.');
    return [`${key.definitionId}\u0000${key.node}`, { definitionId: key.definitionId!, step: Number(step), action: action!, taken: count, onTime: 0, late: 0, meanDelayMs: meanMs, p90DelayMs: p90Ms }];
  }));
  for (const { key, n } of outcomes) {
    const row = rows.get(`${key.definitionId}\u0000${key.node}`);
    if (row && key.status === 'on-time') row.onTime += n;
    else if (row) row.late += n;
  }
  return {
    columns: ['definitionId', 'step', 'action', 'taken', 'onTime', 'late', 'meanDelayMs', 'p90DelayMs'],
    rows: [...rows.values()].sort((a, b) => a.definitionId.localeCompare(b.definitionId) || a.step - b.step),
  };
};
