import { durationsBy } from '../aggregate';
import { SERIES } from '../series';
import type { Metric } from '../metric';

const SUMMARY = ['count', 'meanMs', 'medianMs', 'p90Ms'];

/**
 * Per definition: from submission to a final decision (completed or rejected).
 * Per node: from a task being opened to its holder deciding it (approved,
 * rejected or returned), slowest (p90) first: the percentiles come from the
 * bucket counts, so that order is the one sort made here.
 */
export const cycleTime: Metric<{ by: 'definition' | 'node' }> = async (sources, scope, { by }) => {
  if (by === 'definition') {
    const groups = await durationsBy(sources, scope, SERIES.cycle, { definitionId: 'definitionId' });
    return {
      columns: ['definitionId', ...SUMMARY],
      rows: groups.map(({ key, count, meanMs, medianMs, p90Ms }) => ({ definitionId: key.definitionId!, count, meanMs, medianMs, p90Ms }))
        .sort((a, b) => b.p90Ms - a.p90Ms || a.definitionId.localeCompare(b.definitionId)),
    };
  }
  const groups = await durationsBy(sources, scope, SERIES.decisions, { definitionId: 'definitionId', node: 'node' });
  return {
    columns: ['definitionId', 'node', ...SUMMARY],
    rows: groups.map(({ key, count, meanMs, medianMs, p90Ms }) => ({ definitionId: key.definitionId!, node: key.node!, count, meanMs, medianMs, p90Ms }))
      .sort((a, b) => b.p90Ms - a.p90Ms || a.definitionId.localeCompare(b.definitionId) || a.node.localeCompare(b.node)),
  };
};
