import type { Definition, Problem } from '@baton/dsl';
import type { Edge, Node } from '@xyflow/react';

export type StepData = {
  label: string;
  type: string;
  problems: string[];
  /** on the path an instance or the simulator has taken */
  visited?: boolean;
  /** where an instance or the simulator waits now */
  active?: boolean;
  /** who would be asked here (simulator) */
  asked?: string[];
  outputs?: string[];
  /** what the node does, in words (see designer/summary.ts) */
  summary?: string;
  icon?: string;
};
export type StepNode = Node<StepData, 'step'>;

export interface FlowView {
  /** node ids in the order they were entered */
  path?: readonly string[];
  active?: readonly string[];
  asked?: Readonly<Record<string, string[]>>;
  selectedNodes?: readonly string[];
  selectedEdges?: readonly number[];
  outputs?: (type: string) => string[] | undefined;
  /** one line per node saying what it does */
  summarize?: (node: Definition['nodes'][number]) => string;
  /** an edge's condition in words; `undefined` for a branch's default edge */
  describe?: (condition: unknown) => string;
  /** a node output's name in words (approved, timeout, …) */
  output?: (on: string) => string;
  icon?: (type: string) => string | undefined;
}

const COLUMN = 260;
const ROW = 130;

/**
 * The definition as React Flow nodes and edges. Positions come from
 * `layout`; nodes without one are placed by their depth from the start, so a
 * canvas never changes what the definition means. Edge ids are `e<index>`.
 */
export function toFlow(def: Definition, problems: Problem[] = [], view: FlowView = {}): { nodes: StepNode[]; edges: Edge[] } {
  const depth = depths(def);
  const perDepth = new Map<number, number>();
  const visited = new Set(view.path ?? []);
  const active = new Set(view.active ?? []);
  const selectedNodes = new Set(view.selectedNodes ?? []);
  const selectedEdges = new Set(view.selectedEdges ?? []);
  const under = (at: string) => problems.filter((p) => p.pointer === at || p.pointer.startsWith(`${at}/`)).map((p) => p.message);
  const nodes = def.nodes.map((n, index): StepNode => {
    const d = depth.get(n.id) ?? 0;
    const row = perDepth.get(d) ?? 0;
    perDepth.set(d, row + 1);
    return {
      id: n.id,
      type: 'step',
      position: def.layout?.[n.id] ?? { x: row * COLUMN, y: d * ROW },
      selected: selectedNodes.has(n.id),
      data: {
        label: n.title ?? n.id,
        type: n.type,
        problems: under(`/nodes/${index}`),
        ...(visited.has(n.id) ? { visited: true } : {}),
        ...(active.has(n.id) ? { active: true } : {}),
        ...(view.asked?.[n.id] ? { asked: view.asked[n.id] } : {}),
        ...(view.outputs?.(n.type) ? { outputs: view.outputs(n.type) } : {}),
        ...(view.summarize?.(n) ? { summary: view.summarize(n) } : {}),
        ...(view.icon?.(n.type) ? { icon: view.icon(n.type) } : {}),
      },
    };
  });
  const taken = takenEdges(view.path ?? []);
  const fromBranch = new Set(def.nodes.filter((n) => n.type === 'branch').map((n) => n.id));
  const edges = def.edges.map((e, i): Edge => {
    const edgeProblems = under(`/edges/${i}`);
    const walked = taken.has(`${e.from}>${e.to}`);
    const classes = [e.condition !== undefined ? 'edge-conditional' : '', edgeProblems.length ? 'edge-problem' : '', walked ? 'edge-walked' : ''].filter(Boolean);
    return {
      id: `e${i}`,
      source: e.from,
      target: e.to,
      label: e.label ?? (e.condition !== undefined ? view.describe?.(e.condition) ?? 'if …' : fromBranch.has(e.from) ? view.describe?.(undefined) : e.on !== undefined ? view.output?.(e.on) ?? e.on : undefined),
      selected: selectedEdges.has(i),
      // a conditional edge is dashed, not animated: fifty marching dashes repaint a 500-node canvas on every frame
      ...(classes.length ? { className: classes.join(' ') } : {}),
      data: { problems: edgeProblems, index: i },
    };
  });
  return { nodes, edges };
}

function takenEdges(path: readonly string[]): Set<string> {
  const taken = new Set<string>();
  for (let i = 1; i < path.length; i += 1) taken.add(`${path[i - 1]}>${path[i]}`);
  return taken;
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
