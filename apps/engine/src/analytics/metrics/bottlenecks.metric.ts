import type { Metric } from '../metric';
import { cycleTime } from './cycle-time.metric';
import { responseTimes } from './response-times.metric';

/** The slowest nodes (by p90 of decision time) and the slowest approvers (by median), `limit` of each. */
export const bottlenecks: Metric<{ limit: number }> = async (sources, scope, { limit }) => {
  const [nodes, people] = await Promise.all([cycleTime(sources, scope, { by: 'node' }), responseTimes(sources, scope, {})]);
  return {
    columns: ['kind', 'definitionId', 'node', 'assignee', 'count', 'medianMs', 'p90Ms'],
    rows: [
      ...nodes.rows.slice(0, limit).map((r) => ({ kind: 'node', definitionId: r.definitionId!, node: r.node!, assignee: null, count: r.count!, medianMs: r.medianMs!, p90Ms: r.p90Ms! })),
      ...people.rows.slice(0, limit).map((r) => ({ kind: 'person', definitionId: null, node: null, assignee: r.assignee!, count: r.count!, medianMs: r.medianMs!, p90Ms: r.p90Ms! })),
    ],
  };
};
