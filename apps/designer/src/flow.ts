import type { Definition, Problem } from '@baton/dsl';
import type { Edge, Node } from '@xyflow/react';

export type StepData = { label: string; type: string; problems: string[] };
export type StepNode = Node<StepData, 'step'>;

const COLUMN = 220;
const ROW = 110;

/**
 * The definition as React Flow nodes and edges. Positions come from
 * `layout`; nodes without one are placed by their depth from the start, so a
 * canvas never changes what the definition means.
 */
export function toFlow(def: Definition, problems: Problem[] = []): { nodes: StepNode[]; edges: Edge[] } {
  const depth = depths(def);
  const perDepth = new Map<number, number>();
  const nodes = def.nodes.map((n, index): StepNode => {
    const d = depth.get(n.id) ?? 0;
    const row = perDepth.get(d) ?? 0;
    perDepth.set(d, row + 1);
    const at = `/nodes/${index}`;
    return {
      id: n.id,
      type: 'step',
      position: def.layout?.[n.id] ?? { x: d * COLUMN, y: row * ROW },
      data: {
        label: n.title ?? n.id,
        type: n.type,
        problems: problems.filter((p) => p.pointer === at || p.pointer.startsWith(`${at}/`)).map((p) => p.message),
      },
    };
  });
  const edges = def.edges.map((e, i): Edge => ({
    id: `e${i}`,
    source: e.from,
    target: e.to,
    label: e.label ?? (e.condition !== undefined ? 'if …' : e.on),
    animated: e.condition !== undefined,
  }));
  return { nodes, edges };
}

function depths(def: Definition): Map<string, number> {
  const start = def.nodes.find((n) => n.type === 'start');
  const depth = new Map<string, number>();
  if (!start) return depth;
  depth.set(start.id, 0);
  const queue = [start.id];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of def.edges.filter((edge) => edge.from === id)) {
      if (!depth.has(e.to)) {
        depth.set(e.to, depth.get(id)! + 1);
        queue.push(e.to);
      }
    }
  }
  return depth;
}
