import dagre from '@dagrejs/dagre';
import type { Definition } from '@baton/dsl';

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 60;

/** Left-to-right layered positions for every node (dagre), as `definition.layout`. */
export function autoLayout(definition: Pick<Definition, 'nodes' | 'edges'>): Record<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of definition.edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const node of definition.nodes) {
    const { x, y } = graph.node(node.id);
    positions[node.id] = { x: Math.round(x - NODE_WIDTH / 2), y: Math.round(y - NODE_HEIGHT / 2) };
  }
  return positions;
}
