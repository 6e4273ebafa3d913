import { countBy } from '../aggregate';
import { SERIES } from '../series';
import type { Metric } from '../metric';

const ENDED = ['completed', 'rejected', 'withdrawn', 'failed'] as const;

/** Requests submitted and ended (by final status) per definition and day or week. */
export const requestsOverTime: Metric<{ interval: 'day' | 'week' }> = async (sources, scope, { interval }) => {
  const groups = await countBy(sources, scope, SERIES.requests, { period: interval, definitionId: 'definitionId' }, {
    submitted: { $eq: ['$kind', 'submitted'] },
    ...Object.fromEntries(ENDED.map((status) => [status, { $eq: ['$status', status] }])),
  });
  return {
    columns: ['period', 'definitionId', 'submitted', ...ENDED],
    rows: groups.map(({ key, counts }) => ({ period: key.period!, definitionId: key.definitionId!, ...counts })),
  };
};
