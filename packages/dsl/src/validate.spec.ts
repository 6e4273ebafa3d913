import { validate } from './validate';
import { compile } from './compile';
import { start } from './run';
import { twoStepApproval } from './testing/definitions';
import type { Definition } from './definition';

const messageAt = (def: unknown, pointer: string) => validate(def).find((p) => p.pointer === pointer)?.message;

/** Applies a change to a fresh copy of the two-step approval. */
function changed(edit: (def: Definition) => void): Definition {
  const def = structuredClone(twoStepApproval());
  edit(def);
  return def;
}

describe('validate', () => {
  it('finds nothing wrong with a sound two-step approval', () => {
    expect(validate(twoStepApproval())).toEqual([]);
  });

  it.each([null, undefined, 42, 'leave', [], true])('answers a problem instead of throwing for %p', (input) => {
    expect(validate(input)).toEqual([{ pointer: '', message: 'a definition must be a JSON object' }]);
  });

  it('never throws on arbitrary shapes', () => {
    const shapes: unknown[] = [
      {}, { nodes: 'x' }, { nodes: [null, 1, 'a'] }, { nodes: [{ id: 1 }], edges: [null, { from: {} }] },
      { form: null, nodes: [{ id: 'a', type: 'approval', config: 'x' }] }, { edges: [{ from: 'a', to: 'b', condition: { var: {} } }] },
      { layout: 5, nodes: [{ id: 'a', type: 'delay', config: { duration: 5 } }] },
    ];
    for (const shape of shapes) expect(Array.isArray(validate(shape))).toBe(true);
  });

  it('reports schema errors with the pointer of the field', () => {
    const def = changed((d) => {
      (d as { kind: string }).kind = 'banana';
      delete (d as Partial<Definition>).name;
      (d.form.fields[0] as { type: string }).type = 'color';
      (d as unknown as Record<string, unknown>).extra = 1;
    });
    const problems = validate(def);
    expect(problems).toEqual(expect.arrayContaining([
      { pointer: '/kind', message: 'must be one of: approval, routing, sop, campaign' },
      { pointer: '/name', message: 'is required' },
      { pointer: '/extra', message: 'is not an accepted property here' },
      expect.objectContaining({ pointer: '/form/fields/0/type' }),
    ]));
  });

  it('reports a duplicate node id at the second node', () => {
    const def = changed((d) => d.nodes.push({ id: 'hr', type: 'end' }));
    expect(messageAt(def, '/nodes/5/id')).toBe('duplicate node id "hr"');
  });

  it('reports edges to and from unknown nodes', () => {
    const def = changed((d) => d.edges.push({ from: 'ghost', to: 'approved' }, { from: 'hr', to: 'nowhere' }));
    expect(messageAt(def, '/edges/5/from')).toBe('unknown node "ghost"');
    expect(messageAt(def, '/edges/6/to')).toBe('unknown node "nowhere"');
  });

  it('reports a node that cannot be reached from the start', () => {
    const def = changed((d) => {
      d.nodes.push({ id: 'orphan', type: 'approval', config: { assignees: [{ type: 'user', value: 'x' }] } });
      d.edges.push({ from: 'orphan', to: 'approved' });
    });
    expect(validate(def)).toEqual([{ pointer: '/nodes/5', message: 'node "orphan" cannot be reached from the start' }]);
  });

  it('reports a node with no path to an end', () => {
    const def = changed((d) => {
      d.nodes.push({ id: 'dead', type: 'delay', config: { duration: 'PT1H' } });
      d.edges[3] = { from: 'hr', to: 'dead', on: 'approved' };
    });
    expect(validate(def)).toEqual([
      { pointer: '/nodes/3', message: 'node "approved" cannot be reached from the start' },
      { pointer: '/nodes/5', message: 'node "dead" has no path to an end' },
    ]);
  });

  it('reports a loop with no way out once, at its first node', () => {
    const def = changed((d) => {
      d.nodes.push({ id: 'a', type: 'delay', config: { duration: 'PT1M' } }, { id: 'b', type: 'delay', config: { duration: 'PT1M' } });
      d.edges.splice(3, 1, { from: 'hr', to: 'a', on: 'approved' });
      d.edges.push({ from: 'a', to: 'b' }, { from: 'b', to: 'a' });
    });
    const problems = validate(def);
    expect(problems).toContainEqual({ pointer: '/nodes/5', message: 'nodes "a", "b" form a loop with no way out' });
    expect(problems.filter((p) => p.pointer === '/nodes/6')).toEqual([]);
  });

  it('names the unknown form field a condition reads, with its exact place in the rule', () => {
    const def = changed((d) => {
      d.edges[1] = { from: 'manager', to: 'hr', on: 'approved', condition: { and: [{ '>': [{ var: 'form.dayz' }, 3] }] } };
      d.edges.push({ from: 'manager', to: 'approved', on: 'approved' });
    });
    expect(validate(def)).toEqual([{ pointer: '/edges/1/condition/and/0/>/0/var', message: 'reads unknown form field "dayz"' }]);
  });

  it('refuses unknown json-logic operators and the method operator', () => {
    const def = changed((d) => {
      d.edges[1] = { from: 'manager', to: 'hr', on: 'approved', condition: { or: [{ method: ['form.reason', 'toUpperCase'] }, { regex: [1] }] } };
      d.edges.push({ from: 'manager', to: 'approved', on: 'approved' });
    });
    expect(validate(def)).toEqual([
      { pointer: '/edges/1/condition/or/0/method', message: 'operator "method" is not allowed' },
      { pointer: '/edges/1/condition/or/1/regex', message: 'unknown operator "regex"' },
    ]);
  });

  it('refuses paths that reach prototype properties', () => {
    const def = changed((d) => {
      d.edges[1] = { from: 'manager', to: 'hr', on: 'approved', condition: { var: 'form.__proto__.polluted' } };
      d.edges.push({ from: 'manager', to: 'approved', on: 'approved' });
    });
    expect(messageAt(def, '/edges/1/condition/var')).toMatch(/prototype/);
  });

  it('reports a bad ISO 8601 duration at the config field', () => {
    const def = changed((d) => {
      d.nodes.push({ id: 'wait', type: 'delay', config: { duration: '2 days' } });
      d.edges[1] = { from: 'manager', to: 'wait', on: 'approved' };
      d.edges.push({ from: 'wait', to: 'hr' });
    });
    expect(validate(def)).toEqual([{ pointer: '/nodes/5/config/duration', message: 'must be an ISO 8601 duration such as PT4H, P2D or P1DT12H' }]);
  });

  it('reports Handlebars that does not parse', () => {
    const def = changed((d) => {
      (d.nodes[1]!.config as { title: string }).title = 'Leave: {{#if form.days}} days';
    });
    const problems = validate(def);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.pointer).toBe('/nodes/1/config/title');
    expect(problems[0]!.message).toMatch(/^template does not parse: /);
  });

  it('reports an unknown node type', () => {
    const def = changed((d) => {
      d.nodes[2]!.type = 'teleport';
    });
    expect(messageAt(def, '/nodes/2/type')).toBe('unknown node type "teleport"');
  });

  it('reports config that does not fit the node type schema', () => {
    const def = changed((d) => {
      d.nodes[1]!.config = { assignees: [], mode: 'some' };
    });
    expect(validate(def)).toEqual(expect.arrayContaining([
      { pointer: '/nodes/1/config/mode', message: 'must be one of: any, all, sequential, vote, quorum, weighted' },
    ]));
    const nobody = changed((d) => {
      d.nodes[1]!.config = { assignees: [] };
    });
    expect(validate(nobody)).toEqual([{ pointer: '/nodes/1/config/assignees', message: 'names nobody: name assignees, or quorum groups or weights' }]);
  });

  it('checks quorum rules against the mode', () => {
    const role = (value: string) => [{ type: 'role', value }];
    const problems = (config: Record<string, unknown>) => validate(changed((d) => { d.nodes[1]!.config = config; })).map((p) => `${p.pointer}: ${p.message}`);
    expect(problems({ assignees: [], mode: 'quorum', quorum: { groups: [{ assignees: role('finance'), count: 2 }, { assignees: [{ type: 'role' }], count: 1 }] } }))
      .toEqual(['/nodes/1/config/quorum/groups/1/assignees/0/value: a role entry needs a value']);
    expect(problems({ assignees: role('finance'), mode: 'quorum' })).toEqual(['/nodes/1/config/quorum/groups: a quorum needs at least one group with a count']);
    expect(problems({ assignees: role('finance'), mode: 'weighted', quorum: { weights: [{ assignees: role('cfo'), weight: 3 }] } })).toEqual(['/nodes/1/config/quorum/passWeight: a weighted decision needs a pass weight']);
    expect(problems({ assignees: role('finance'), quorum: { groups: [{ assignees: role('legal'), count: 1 }], passWeight: 2 } }))
      .toEqual(['/nodes/1/config/quorum/groups: groups count only in mode "quorum"', '/nodes/1/config/quorum/passWeight: weights count only in mode "weighted"']);
    expect(problems({ assignees: role('finance'), mode: 'vote', passRatio: 0.5, quorum: { veto: role('ceo') } })).toEqual([]);
  });

  it('reports an output the source node does not have', () => {
    const def = changed((d) => {
      d.edges[1]!.on = 'maybe';
    });
    expect(messageAt(def, '/edges/1/on')).toBe('node "manager" has no output "maybe"; its outputs are approved, rejected');
  });

  it('reports a branch whose edges all carry conditions', () => {
    const def = changed((d) => {
      d.nodes.push({ id: 'split', type: 'branch' });
      d.edges[0] = { from: 'start', to: 'split' };
      d.edges.push({ from: 'split', to: 'manager', condition: { '>': [{ var: 'form.days' }, 3] } });
      d.edges.push({ from: 'split', to: 'hr', condition: { '<=': [{ var: 'form.days' }, 3] } });
    });
    expect(messageAt(def, '/nodes/5')).toMatch(/only conditional edges/);
  });

  it('reports a people assignee field that is not a people field', () => {
    const def = changed((d) => {
      d.nodes[2]!.config = { assignees: [{ type: 'field', value: 'reason' }] };
    });
    expect(validate(def)).toEqual([{ pointer: '/nodes/2/config/assignees/0/value', message: 'form field "reason" is not a people field' }]);
  });

  it('reports a missing start node and a missing end node', () => {
    const def = changed((d) => {
      d.nodes = d.nodes.filter((n) => n.type !== 'start' && n.type !== 'end');
      d.edges = [];
    });
    expect(validate(def)).toEqual(expect.arrayContaining([
      { pointer: '/nodes', message: 'needs a start node' },
      { pointer: '/nodes', message: 'needs at least one end node' },
    ]));
  });

  it('reports layout entries for unknown nodes', () => {
    const def = changed((d) => {
      d.layout = { start: { x: 0, y: 0 }, ghost: { x: 1, y: 1 } };
    });
    expect(validate(def)).toEqual([{ pointer: '/layout/ghost', message: 'unknown node "ghost"' }]);
  });

  it('reports a duplicate form field key', () => {
    const def = changed((d) => d.form.fields.push({ key: 'days', label: 'Again', type: 'text' }));
    expect(validate(def)).toEqual([{ pointer: '/form/fields/2/key', message: 'duplicate field key "days"' }]);
  });
});

describe('definitions written to break the engine', () => {
  const nested = (depth: number): unknown => {
    let rule: unknown = { '>': [{ var: 'form.days' }, 1] };
    for (let i = 0; i < depth; i++) rule = { and: [rule, true] };
    return rule;
  };
  const withCondition = (condition: unknown) => changed((d) => {
    d.edges.splice(1, 0, { from: 'manager', to: 'approved', on: 'approved', condition });
  });

  it('refuses a branch condition nested 2,500 deep, naming the edge, and accepts an ordinary one', () => {
    expect(validate(withCondition(nested(3)))).toEqual([]);
    const problems = validate(withCondition(nested(2_500)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ message: 'nests deeper than 64 levels' });
    expect(problems[0]!.pointer).toMatch(/^\/edges\/1\/condition\/and\/0/);
  });

  it('checks a definition whose kind is "constructor" instead of crashing on Object\'s prototype', () => {
    const problems = validate(changed((d) => { (d as { kind: string }).kind = 'constructor'; }));
    expect(problems.some((p) => p.message.startsWith('could not be checked'))).toBe(false);
    expect(problems).toEqual([expect.objectContaining({ pointer: '/kind' })]);
  });

  it('refuses a var path computed at run time, which could reach the constructor', () => {
    expect(validate(withCondition({ var: { cat: ['form.con', 'structor.name'] } }))).toEqual([
      { pointer: '/edges/1/condition/var', message: 'var needs a literal path; a computed path is not allowed' },
    ]);
    expect(validate(withCondition({ '==': [{ var: [{ cat: ['form.', 'days'] }, 0] }, 1] }))).toHaveLength(1);
  });

  it('refuses a task title that is not a Handlebars template, at publish instead of at submit', () => {
    const def = changed((d) => { d.nodes[1]!.config = { ...d.nodes[1]!.config, title: 'Leave {{#each initiator}}' }; });
    expect(validate(def)).toEqual([{ pointer: '/nodes/1/config/title', message: expect.stringMatching(/^template does not parse/) }]);
  });

  it('treats the definition name as plain words: "{{" in it is shown, never run', () => {
    const def = changed((d) => { d.name = 'Leave {{#each initiator}}{{@key}}={{this}} {{/each}} {{'; });
    expect(validate(def)).toEqual([]);
    const { effects } = start(compile(def), { form: { days: 2 }, initiator: { id: 'alice', name: 'Alice', email: 'alice@acme.example' }, instance: { id: 'i-1' } });
    const created = effects.find((e) => e.type === 'createTasks') as { title: string } | undefined;
    expect(created?.title).toBe('Leave: 2 days');
    const hr = changed((d) => { d.name = '{{#each initiator}}{{this}}{{/each}}'; d.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }] }; });
    const hrTask = start(compile(hr), { form: { days: 2 }, initiator: { id: 'alice', name: 'Alice', email: 'alice@acme.example' }, instance: { id: 'i-1' } })
      .effects.find((e) => e.type === 'createTasks') as { title: string };
    expect(hrTask.title).toBe('{{#each initiator}}{{this}}{{/each}}');
  });
});
