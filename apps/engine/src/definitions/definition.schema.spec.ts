import { definitionOf, storableProblems, storedForm } from './definition.schema';

describe('a definition stored as a document', () => {
  it('comes back exactly as saved, whatever its keys', () => {
    const definition = {
      id: 'odd', nodes: [{ id: 'r', config: { when: { $where: 'x', 'a.b': { '~1': ['$x', { '.': null, '~': {}, '$': 1, 'nul\0key': 2 }] } } } }],
      empty: {}, list: [],
    };
    const stored = storedForm(definition);
    const keys = JSON.stringify(stored).match(/"[^"]*":/g)!.map((k) => k.slice(1, -2));
    expect(keys.filter((k) => k.startsWith('$') || k.includes('.') || k.includes('\\u0000'))).toEqual([]);
    expect(definitionOf({ definition: stored })).toEqual(definition);
  });

  it('reads records written as JSON text before', () => {
    expect(definitionOf({ source: '{"id":"old","nodes":[]}' })).toEqual({ id: 'old', nodes: [] });
  });

  it('names where it is nested too deep to store, at any depth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { and: [deep] };
    expect(storableProblems({ nodes: [deep] })).toEqual([{ pointer: expect.stringMatching(/^\/nodes\/0(\/and\/0)+/), message: 'nested deeper than 64 levels' }]);
    expect(storableProblems({ nodes: [{ a: { b: 1 } }] })).toEqual([]);
  });
});
