import dagre from '@dagrejs/dagre';
import type { Definition } from '@baton/dsl';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 84;
const EDGE_LABEL_WIDTH = 130;

/** Top-down layered positions for every node (dagre), as `definition.layout`: edges run downwards and do not loop back across nodes. */
export function autoLayout(definition: Pick<Definition, 'nodes' | 'edges'>): Record<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 60 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  // an edge's label takes room: a long edge's bends are kept clear of the nodes beside it, so its line does not run under them
  for (const edge of definition.edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to, { width: EDGE_LABEL_WIDTH, height: 24 });
  // a node nothing leads to yet (just dropped, not connected) goes under the one before it, not beside the start
  const reached = new Set(definition.edges.map((e) => e.to));
  definition.nodes.forEach((node, i) => {
    const before = definition.nodes[i - 1];
    if (before && node.type !== 'start' && !reached.has(node.id)) graph.setEdge(before.id, node.id, { width: EDGE_LABEL_WIDTH, height: 24, weight: 0 });
  });
  dagre.layout(graph);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const node of definition.nodes) {
    const { x, y } = graph.node(node.id);
    positions[node.id] = { x: Math.round(x - NODE_WIDTH / 2), y: Math.round(y - NODE_HEIGHT / 2) };
  }
  return positions;
}
