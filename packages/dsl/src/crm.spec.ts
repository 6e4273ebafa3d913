import jsonLogic from 'json-logic-js';
import { audienceProblems, matchesAudience } from './audience';
import { campaignContent, messageProblems, pickVariant, sensitiveWordsIn } from './campaign';
import type { Definition } from './definition';
import { compileRouting, evaluateRules, inQuietHours, inWorkingHours, untilQuietHoursEnd } from './routing';
import { templatePaths } from './templates';
import { validate } from './validate';

const graph = (kind: string, middle: Array<{ id: string; type: string; config?: Record<string, unknown> }>): Definition => ({
  id: 'x', name: 'X', kind: kind as Definition['kind'], form: { fields: [] },
  nodes: [{ id: 'start', type: 'start' }, ...middle, { id: 'end', type: 'end', config: { status: 'completed' } }],
  edges: [{ from: 'start', to: middle[0]!.id }, ...middle.slice(1).map((n, i) => ({ from: middle[i]!.id, to: n.id })), { from: middle[middle.length - 1]!.id, to: 'end' }],
});

const rules = [
  { id: 'web-eu', when: { and: [{ '==': [{ var: 'item.source' }, 'web'] }, { in: [{ var: 'item.region' }, ['eu', 'uk']] }] }, target: { type: 'user', value: 'a' }, strategy: 'round-robin' },
  { id: 'vip', when: { in: ['vip', { var: 'item.tags' }] }, target: { type: 'user', value: 'b' }, strategy: 'round-robin' },
  { id: 'big', when: { '>': [{ var: 'item.attributes.budget' }, 10000] }, target: { type: 'user', value: 'c' }, strategy: 'least-open' },
  { id: 'owned', when: { '!!': [{ var: 'customer.owner' }] }, target: { type: 'user', value: 'd' }, strategy: 'sticky-owner' },
];

describe('routing definitions', () => {
  const def = graph('routing', [{ id: 'rules', type: 'route', config: { rules, fallback: { type: 'user', value: 'z' } } }]);

  it('validates a routing definition', () => {
    expect(validate(def)).toEqual([]);
  });

  it('compiles each rule once and agrees with json-logic-js', () => {
    const router = compileRouting(def);
    const items = [
      { item: { source: 'web', region: 'eu', tags: [], attributes: {} }, customer: null },
      { item: { source: 'web', region: 'us', tags: ['vip'], attributes: { budget: 20000 } }, customer: { owner: 'd' } },
      { item: { source: 'mail', tags: ['x'], attributes: { budget: '9000' } }, customer: { owner: null } },
      { item: {}, customer: null },
    ];
    for (const data of items) {
      const ours = evaluateRules(router, data).map((r) => r.matched);
      const theirs = rules.map((r) => Boolean(jsonLogic.truthy(jsonLogic.apply(r.when as never, data))));
      expect(ours).toEqual(theirs);
    }
  });

  it('takes an optional first response target as an ISO duration, naming a bad one', () => {
    expect(compileRouting(def).firstResponseTargetMs).toBeNull();
    const timed = graph('routing', [{ id: 'rules', type: 'route', config: { rules, fallback: { type: 'user', value: 'z' }, firstResponseTarget: 'PT2H' } }]);
    expect(validate(timed)).toEqual([]);
    expect(compileRouting(timed).firstResponseTargetMs).toBe(2 * 3600_000);
    for (const bad of ['2 hours', 'PT0S', '']) {
      const problems = validate(graph('routing', [{ id: 'rules', type: 'route', config: { rules, fallback: { type: 'user', value: 'z' }, firstResponseTarget: bad } }]));
      expect(problems.map((p) => p.pointer)).toEqual(['/nodes/1/config/firstResponseTarget']);
    }
  });

  it('needs a route node, and keeps kinds apart', () => {
    expect(validate(graph('routing', [{ id: 'wait', type: 'delay', config: { duration: 'PT1H' } }]))).toEqual([{ pointer: '/nodes', message: 'a routing definition needs a route node (the rules)' }]);
    expect(validate({ ...def, kind: 'approval' })).toEqual([{ pointer: '/nodes/1/type', message: 'a route node belongs to routing definitions, not approval' }]);
  });

  it('reads working hours and quiet hours in their time zone', () => {
    const hours = { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };
    expect(inWorkingHours(hours, new Date('2026-11-24T02:00:00Z'))).toBe(true); // Tue 10:00 Shanghai
    expect(inWorkingHours(hours, new Date('2026-11-24T11:00:00Z'))).toBe(false); // Tue 19:00
    expect(inWorkingHours(hours, new Date('2026-11-22T02:00:00Z'))).toBe(false); // Sunday
    const quiet = { timezone: 'UTC', from: '22:00', to: '08:00' };
    expect(inQuietHours(quiet, new Date('2026-11-24T23:30:00Z'))).toBe(true);
    expect(inQuietHours(quiet, new Date('2026-11-24T12:00:00Z'))).toBe(false);
    expect(untilQuietHoursEnd(quiet, new Date('2026-11-24T07:00:00Z'))).toBe(3_600_000);
  });
});

describe('campaign definitions', () => {
  const channel = (config: Record<string, unknown>) => ({ id: 'send', type: 'channel.webhook', config: { url: 'http://sink.local/hook', ratePerSecond: 10, ...config } });

  it('splits A/B within 2% of the weights over 10,000 recipients, and a recipient always gets the same variant', () => {
    for (const weights of [[50, 50], [30, 70], [20, 30, 50]]) {
      const variants = weights.map((weight, i) => ({ name: String.fromCharCode(65 + i), weight }));
      const counts = new Map<string, number>();
      for (let i = 0; i < 10_000; i++) {
        const v = pickVariant(variants, 'campaign-1', `customer-${i}`);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      variants.forEach((v) => expect(Math.abs((counts.get(v.name) ?? 0) / 100 - v.weight)).toBeLessThanOrEqual(2));
    }
    expect(pickVariant([{ name: 'A', weight: 50 }, { name: 'B', weight: 50 }], 'c', 'x')).toBe(pickVariant([{ name: 'A', weight: 50 }, { name: 'B', weight: 50 }], 'c', 'x'));
  });

  it('may require an approval before sending; only a campaign may, with a valid definition id', () => {
    const gated = graph('campaign', [
      { id: 'audience', type: 'campaign.audience', config: { audience: { tags: { any: ['a'] } } } },
      channel({ variants: [{ name: 'A', weight: 100, body: 'Hi {{customer.name}}' }] }),
    ]);
    gated.settings = { approval: { definitionId: 'campaign-approval' } };
    expect(validate(gated)).toEqual([]);
    expect(validate({ ...gated, settings: { approval: { definitionId: '9 bad' } } })).toEqual([{ pointer: '/settings/approval/definitionId', message: expect.stringMatching(/pattern/) }]);
    const approval = graph('approval', [{ id: 'boss', type: 'approval', config: { assignees: [{ type: 'manager', level: 1 }] } }]);
    expect(validate({ ...approval, settings: { approval: { definitionId: 'x' } } })).toEqual([
      { pointer: '/settings/approval', message: 'only a campaign waits for an approval before it sends, not a definition of kind approval' },
    ]);
  });

  it('names what an approval approves: the audience and every variant, not the throttle', () => {
    const def = (body: string, ratePerSecond = 10) => graph('campaign', [
      { id: 'audience', type: 'campaign.audience', config: { audience: { tags: { any: ['a'] } } } },
      channel({ ratePerSecond, variants: [{ name: 'A', weight: 100, body }] }),
    ]);
    expect(campaignContent(def('Hi'))).toEqual({ audience: { audience: { tags: { any: ['a'] } } }, channel: 'channel.webhook', variants: [{ name: 'A', weight: 100, body: 'Hi' }] });
    expect(campaignContent(def('Hi', 50))).toEqual(campaignContent(def('Hi')));
    expect(campaignContent(def('Hello'))).not.toEqual(campaignContent(def('Hi')));
  });

  it('refuses unknown template variables, weights that do not add up and a throttle of 0, naming each field', () => {
    const def = graph('campaign', [
      { id: 'audience', type: 'campaign.audience', config: { audience: { tags: { any: ['a'] } } } },
      channel({ ratePerSecond: 0, variants: [{ name: 'A', weight: 60, body: '{{customer.name}} {{customer.attributes.city}} {{password}}' }, { name: 'B', weight: 30, body: '{{#each customer.tags}}{{this}}{{/each}}' }] }),
    ]);
    expect(validate(def)).toEqual([{ pointer: '/nodes/2/config/ratePerSecond', message: 'must be > 0' }]);
    def.nodes[2]!.config!.ratePerSecond = 5;
    expect(validate(def)).toEqual([
      { pointer: '/nodes/2/config/variants/0/body', message: expect.stringMatching(/^unknown template variable "password"/) },
      { pointer: '/nodes/2/config/variants', message: 'weights add up to 90; they must add up to 100' },
    ]);
  });

  it('accepts only whitelisted audience fields and operators with plain values', () => {
    expect(audienceProblems({ $where: 'sleep(1)' }).map((p) => p.pointer)).toEqual(['/$where']);
    expect(audienceProblems({ filter: [{ field: 'attributes.city', op: 'eq', value: 'Paris' }, { field: 'tags', op: 'in', value: ['a'] }] })).toEqual([]);
    expect(audienceProblems({ filter: [{ field: 'password', op: 'eq', value: 'x' }] })[0]!.pointer).toBe('/filter/0/field');
    expect(audienceProblems({ filter: [{ field: 'email', op: '$regex', value: '.*' }] })[0]!.pointer).toBe('/filter/0/op');
    expect(audienceProblems({ filter: [{ field: 'email', op: 'eq', value: { $gt: '' } }] })[0]!.pointer).toBe('/filter/0/value');
    expect(audienceProblems({ filter: [{ field: 'email', op: 'in', value: 'x' }] })).toEqual([{ pointer: '/filter/0/value', message: 'in needs a list' }]);
    expect(matchesAudience({ tags: { all: ['a'], none: ['b'] }, filter: [{ field: 'attributes.score', op: 'gte', value: 3 }] }, { tags: ['a'], attributes: { score: 3 } })).toBe(true);
  });

  it('finds sensitive words, whatever their case, naming the text', () => {
    const def = graph('campaign', [
      { id: 'audience', type: 'campaign.audience', config: { audience: {} } },
      channel({ variants: [{ name: 'A', weight: 100, body: 'WIN a Prize now' }] }),
    ]);
    expect(sensitiveWordsIn(def, ['prize', 'win', 'cash'])).toEqual([{ pointer: '/nodes/2/config/variants/0/body', message: 'contains sensitive words: prize, win' }]);
  });

  it('lists the paths a template reads', () => {
    expect(templatePaths('{{customer.name}} {{#if customer.vip}}{{campaign.name}}{{/if}} {{#each customer.tags}}{{this}} {{name}}{{/each}} {{@root.x}}').sort())
      .toEqual(['campaign.name', 'customer.name', 'customer.tags', 'customer.vip']);
    expect(messageProblems('{{#if}}', '/body')[0]!.message).toMatch(/^does not parse/);
  });
});

describe('SOP definitions', () => {
  it('needs a cadence whose steps are in time order', () => {
    const def = graph('sop', [{ id: 'c', type: 'sop.cadence', config: {
      trigger: { event: 'customer.added' },
      steps: [{ at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' }, { at: 'P1D', action: 'remind', text: 'x' }, { at: 'PT1H', action: 'escalate', text: 'y' }],
    } }]);
    expect(validate(def)).toEqual([{ pointer: '/nodes/1/config/steps/2/at', message: 'steps must be in time order' }]);
  });
});

describe('audience filters on dates', () => {
  it('refuses a createdAt that is not a date, naming the value', () => {
    expect(audienceProblems({ filter: [{ field: 'createdAt', op: 'gt', value: 'not-a-date' }] })).toEqual([
      { pointer: '/filter/0/value', message: 'createdAt needs a date such as 2026-01-31 or 2026-01-31T08:00:00Z' },
    ]);
    expect(audienceProblems({ filter: [{ field: 'createdAt', op: 'gte', value: '2026-01-31' }, { field: 'createdAt', op: 'lt', value: '2026-02-01T08:00:00Z' }] })).toEqual([]);
  });
});
