import type { Definition } from '@baton/dsl';
import { conditionInWords, durationInWords, nodeSummary } from './flow-words';
import { resources } from './shell/i18n';

/** The English labels with {{name}} filled in, enough for these checks (plurals by count). */
const t = (key: string, values: Record<string, unknown> = {}) => {
  const labels = resources.en.translation as unknown as Record<string, Record<string, string>>;
  const [group, name] = key.split('.') as [string, string];
  const plural = typeof values.count === 'number' ? `${name}_${values.count === 1 ? 'one' : 'other'}` : name;
  const text = labels[group]?.[plural] ?? labels[group]?.[name] ?? String(values.defaultValue ?? key);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
};
type Node = Definition['nodes'][number];

describe('the canvas in words', () => {
  it('says who an approval asks, in which mode and with which deadline', () => {
    const node = { id: 'a', type: 'approval', config: { assignees: [{ type: 'manager', level: 1 }, { type: 'manager', level: 2 }], deadlines: { remindAfter: 'P1D' } } } as Node;
    expect(nodeSummary(node, t)).toBe('Direct manager, manager level 2 · any one · remind after 1 day');
    const vote = { id: 'v', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }], mode: 'vote', passRatio: 0.5 } } as Node;
    expect(nodeSummary(vote, t, (id) => (id === 'bob' ? 'Bob Li' : id))).toBe('Bob Li · vote 50%');
  });

  it('writes durations and conditions as people read them', () => {
    expect(durationInWords('P1DT4H', t)).toBe('1 day 4 hours');
    expect(durationInWords('soon', t)).toBe('soon');
    const fields = [{ key: 'days', label: 'Days', type: 'number' }] as Definition['form']['fields'];
    expect(conditionInWords({ and: [{ '>': [{ var: 'form.days' }, 3] }, { '==': [{ var: 'form.kind' }, 'annual'] }] }, fields, t)).toBe('Days > 3 and form.kind = "annual"');
  });
});
