import { cruise, folderCycles, mutualPairs, topFolderEdges } from '../borders/folder-graph';

/**
 * The engine's borders (rules in apps/engine/.dependency-cruiser.cjs): no
 * import cycle between the folders of src/, and no domain reaching into
 * another's schema or internals. A failure lists every offending import.
 */
describe('engine borders', () => {
  const result = cruise();

  it('has no import cycle between folders and no import of another domain’s internals', () => {
    const violations = result.summary.violations.map((v) =>
      `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`);
    expect(violations).toEqual([]);
  });

  it('finds the same when folders are counted whole (sub-folders inside their top folder)', () => {
    const edges = topFolderEdges(result);
    expect(edges.size).toBeGreaterThan(10);
    expect({ cycles: folderCycles(edges), mutual: mutualPairs(edges) }).toEqual({ cycles: [], mutual: [] });
  });
});
