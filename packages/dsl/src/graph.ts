import type { DefinitionNode, Edge } from './definition';
import type { NodeBehaviour, NodeType } from './nodes/sdk';

/** The definition as a graph, shared by validate() and compile(). */
export interface GraphNode {
  id: string;
  index: number;
  behaviour: NodeBehaviour | undefined;
  outputs: readonly string[];
  /**
   * An approval without a "rejected" edge ends the instance as rejected when
   * someone rejects: the way office suites behave, and one edge less to draw.
   */
  implicitEnd: boolean;
}

export interface GraphEdge {
  index: number;
  from: string;
  to: string;
  output: string;
  conditional: boolean;
  edge: Edge;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  next: Map<string, string[]>;
  previous: Map<string, string[]>;
}

export function buildGraph(
  edges: unknown[],
  known: Map<string, { index: number; node: DefinitionNode; type: NodeType | undefined }>,
): Graph {
  const graphEdges: GraphEdge[] = [];
  edges.forEach((raw, index) => {
    const edge = raw as Edge;
    if (!edge || typeof edge !== 'object') return;
    const from = known.get(edge.from);
    if (!from || !known.has(edge.to)) return;
    const output = edge.on ?? from.type?.outputs[0] ?? 'next';
    graphEdges.push({ index, from: edge.from, to: edge.to, output, conditional: edge.condition !== undefined, edge });
  });
  const graphNodes: GraphNode[] = [...known.values()].map(({ index, node, type }) => ({
    id: node.id,
    index,
    behaviour: type?.behaviour,
    outputs: type?.outputs ?? [],
    // a rejection or a failure with no edge of its own ends the instance
    implicitEnd: (type?.behaviour === 'approval' && !graphEdges.some((e) => e.from === node.id && e.output === 'rejected'))
      || (type?.behaviour === 'action' && !graphEdges.some((e) => e.from === node.id && e.output === 'error')),
  }));
  const next = new Map<string, string[]>();
  const previous = new Map<string, string[]>();
  for (const e of graphEdges) {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    previous.set(e.to, [...(previous.get(e.to) ?? []), e.from]);
  }
  return { nodes: graphNodes, edges: graphEdges, next, previous };
}

/** A node's outgoing edges per output, in definition order. */
export function outgoingByOutput(graph: Graph, node: GraphNode): Map<string, GraphEdge[]> {
  const result = new Map<string, GraphEdge[]>();
  for (const output of node.outputs) result.set(output, []);
  for (const e of graph.edges) {
    if (e.from === node.id) result.set(e.output, [...(result.get(e.output) ?? []), e]);
  }
  return result;
}

/** One fork's branches: the nodes of each, and the join where they meet. */
export interface Region {
  fork: string;
  join: string | null;
  branches: string[][];
  problems: Array<{ node: string; message: string }>;
}

/**
 * The branches of each fork node: from each outgoing edge, every node reached
 * before the join. End nodes stay outside (reaching one ends the request).
 */
export function regionsOf(graph: Graph): Region[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.nodes.filter((n) => n.behaviour === 'fork').map((fork) => {
    const problems: Region['problems'] = [];
    const joins = new Set<string>();
    const branches = graph.edges.filter((e) => e.from === fork.id).map((start) => {
      const seen: string[] = [];
      const queue = [start.to];
      while (queue.length > 0) {
        const id = queue.shift()!;
        const node = byId.get(id);
        if (!node || seen.includes(id)) continue;
        if (node.behaviour === 'join') { joins.add(id); continue; }
        if (node.behaviour === 'end') continue;
        if (node.behaviour === 'fork') { problems.push({ node: fork.id, message: `parallel branches inside parallel branches (at "${id}") are not supported yet` }); continue; }
        seen.push(id);
        for (const e of graph.edges.filter((x) => x.from === id)) queue.push(e.to);
      }
      return seen;
    });
    if (branches.length < 2) problems.push({ node: fork.id, message: 'parallel branches need at least two outgoing edges' });
    if (joins.size !== 1) problems.push({ node: fork.id, message: joins.size === 0 ? 'its branches never meet at a join node' : `its branches meet at more than one join (${[...joins].join(', ')})` });
    branches.forEach((nodes, i) => branches.slice(i + 1).forEach((other) => {
      for (const id of nodes.filter((n) => other.includes(n))) problems.push({ node: id, message: `node "${id}" is in two parallel branches of "${fork.id}"` });
    }));
    return { fork: fork.id, join: joins.size === 1 ? [...joins][0]! : null, branches, problems };
  });
}
