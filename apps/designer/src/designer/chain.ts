import type { Definition, DefinitionNode, Edge } from '@baton/dsl';

/**
 * The approval-flow view of a definition, as the office suites draw it: a
 * vertical chain of steps, condition branches with their arms side by side
 * that meet again below. It is read from the same graph the canvas edits,
 * and every change here is a change of that graph, so both modes edit one
 * definition. A rejection ends the flow, so `rejected` edges are not drawn.
 *
 * A gap between two blocks is the list of edges that enter the next block:
 * inserting there points those edges at the new node.
 */

export type Block =
  | { kind: 'step'; node: string }
  | { kind: 'branch'; node: string; arms: Arm[]; merge: string | null };
export interface Arm { edge: number; segment: Segment }
export interface Segment {
  blocks: Block[];
  /** gaps[i] enters blocks[i]; the last gap leaves the last block */
  gaps: number[][];
  /** the end node this segment runs into, when it does not stop at a merge */
  end: string | null;
}

const isEnd = (def: Definition, id: string) => def.nodes.find((n) => n.id === id)?.type === 'end';

/** The edges that carry a node on: all but an approval's `rejected` output. */
export function forwardEdges(def: Definition, id: string): number[] {
  const out: number[] = [];
  def.edges.forEach((e, i) => {
    if (e.from === id && e.on !== 'rejected') out.push(i);
  });
  return out;
}

class NotAChain extends Error {}

/** The chain of a definition, or null when its graph is not one (loops, parallel paths, jumps). */
export function chainOf(def: Definition): Segment | null {
  const start = def.nodes.find((n) => n.type === 'start');
  if (!start) return null;
  try {
    const seen = new Set<string>([start.id]);
    const first = forwardEdges(def, start.id);
    if (first.length !== 1) throw new NotAChain();
    return segment(def, first, null, seen);
  } catch (e) {
    if (e instanceof NotAChain) return null;
    throw e;
  }
}

function segment(def: Definition, entering: number[], stop: string | null, seen: Set<string>): Segment {
  const blocks: Block[] = [];
  const gaps: number[][] = [];
  let edges = entering;
  for (;;) {
    const target = def.edges[edges[0]!]!.to;
    gaps.push(edges);
    if (target === stop) return { blocks, gaps, end: null };
    if (isEnd(def, target)) return { blocks, gaps, end: target };
    if (seen.has(target)) throw new NotAChain();
    seen.add(target);
    const node = def.nodes.find((n) => n.id === target);
    if (!node) throw new NotAChain();
    const forward = forwardEdges(def, target);
    if (node.type === 'branch') {
      if (forward.length === 0) throw new NotAChain();
      const merge = mergeOf(def, forward.map((i) => def.edges[i]!.to));
      const arms = forward.map((edge) => ({ edge, segment: segment(def, [edge], merge, seen) }));
      blocks.push({ kind: 'branch', node: target, arms, merge });
      if (merge === null) return { blocks, gaps, end: null };
      edges = arms.flatMap((a) => a.segment.gaps.at(-1)!);
      continue;
    }
    if (forward.length !== 1) throw new NotAChain();
    blocks.push({ kind: 'step', node: target });
    edges = forward;
  }
}

/** The first node every arm reaches: where the branch's arms meet again. */
function mergeOf(def: Definition, heads: string[]): string | null {
  const reached = heads.map((h) => reachOrdered(def, h));
  const others = reached.slice(1).map((r) => new Set(r));
  return reached[0]!.find((id) => others.every((s) => s.has(id))) ?? null;
}

function reachOrdered(def: Definition, from: string): string[] {
  const order = [from];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i += 1) {
    for (const e of forwardEdges(def, order[i]!)) {
      const to = def.edges[e]!.to;
      if (!seen.has(to)) {
        seen.add(to);
        order.push(to);
      }
    }
  }
  return order;
}

function uniqueId(def: Definition, stem: string): string {
  const taken = new Set(def.nodes.map((n) => n.id));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i += 1) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/** The end node a rejection goes to, made when the flow has none. */
function rejectedEnd(d: Definition, title: string): string {
  const found = d.nodes.find((n) => n.type === 'end' && (n.config as { status?: string } | undefined)?.status === 'rejected');
  if (found) return found.id;
  const id = uniqueId(d, 'rejected');
  d.nodes.push({ id, type: 'end', title, config: { status: 'rejected' } } as DefinitionNode);
  return id;
}

export type StepKind = 'approval' | 'cc' | 'branch';

/**
 * Puts a new step into the gap `gap` (edges entering the same node) of the
 * draft and returns its id. An approval's rejection ends the flow; a
 * condition branch starts with one conditional arm and the default arm.
 */
export function insertStep(d: Definition, gap: readonly number[], kind: StepKind, titles: { step: string; rejected: string; condition?: string; otherwise?: string }): string {
  const target = d.edges[gap[0]!]!.to;
  const id = uniqueId(d, kind);
  const node: DefinitionNode = { id, type: kind, title: titles.step } as DefinitionNode;
  if (kind === 'approval') node.config = { assignees: [] };
  if (kind === 'cc') node.config = { people: [] };
  d.nodes.push(node);
  for (const i of gap) d.edges[i]!.to = id;
  if (kind === 'branch') {
    d.edges.push({ from: id, to: target, condition: true, ...(titles.condition ? { label: titles.condition } : {}) } as Edge);
    d.edges.push({ from: id, to: target, ...(titles.otherwise ? { label: titles.otherwise } : {}) });
  } else if (kind === 'approval') {
    d.edges.push({ from: id, to: target, on: 'approved' });
    d.edges.push({ from: id, to: rejectedEnd(d, titles.rejected), on: 'rejected' });
  } else {
    d.edges.push({ from: id, to: target });
  }
  return id;
}

/** A new conditional arm of `branch` that goes straight to where the arms meet; it is tried before the default arm. */
export function addArm(d: Definition, branch: string, merge: string, label?: string): void {
  const edge = { from: branch, to: merge, condition: true, ...(label ? { label } : {}) } as Edge;
  const defaultAt = d.edges.findIndex((e) => e.from === branch && e.condition === undefined);
  if (defaultAt < 0) d.edges.push(edge);
  else d.edges.splice(defaultAt, 0, edge);
}

function nodesOf(seg: Segment): string[] {
  return seg.blocks.flatMap((b) => (b.kind === 'step' ? [b.node] : [b.node, ...b.arms.flatMap((a) => nodesOf(a.segment))]));
}

function dropNodes(d: Definition, gone: Set<string>): void {
  d.nodes = d.nodes.filter((n) => !gone.has(n.id));
  d.edges = d.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
  if (d.layout) for (const id of gone) delete d.layout[id];
}

/** Removes a step, or a branch with every step of its arms; what entered it goes to what came after. */
export function removeBlock(d: Definition, block: Block): void {
  const next = block.kind === 'step' ? d.edges[forwardEdges(d, block.node)[0]!]?.to : block.merge;
  if (!next) return;
  const gone = new Set(block.kind === 'step' ? [block.node] : [block.node, ...block.arms.flatMap((a) => nodesOf(a.segment))]);
  for (const e of d.edges) if (e.to === block.node && !gone.has(e.from)) e.to = next;
  dropNodes(d, gone);
}

/** Removes one arm of a branch with its steps; a branch keeps at least one arm. */
export function removeArm(d: Definition, branch: Extract<Block, { kind: 'branch' }>, arm: Arm): void {
  if (branch.arms.length < 2) return;
  const edge = d.edges[arm.edge];
  const gone = new Set(nodesOf(arm.segment));
  d.edges = d.edges.filter((e) => e !== edge);
  dropNodes(d, gone);
}

/** The node ids of a definition in the order the chain shows them (for tests and keyboard order). */
export function chainOrder(seg: Segment): string[] {
  return nodesOf(seg);
}
