import { validate } from '@baton/dsl';
import {
  applyNodeChanges, Background, Controls, MiniMap, ReactFlow, useNodesInitialized, useReactFlow, useStore,
  type Connection, type EdgeChange, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { toFlow, type StepNode } from '../flow';
import { nodeTypes, useFlowWords } from '../shell/StepView';
import { EdgeInsertMenu, edgeTypes } from './InsertableEdge';
import { infoOf, useNodeTypes } from './node-types';
import { useDesigner } from './store';
import { useWalk } from './walk';

export const PALETTE_MIME = 'application/x-baton-node';

/**
 * Below this zoom a node's words are a few pixels high: the canvas draws
 * plain cards without handles, edge labels or + buttons (zoom in to connect
 * or insert). Each of those is a positioned box the browser hit-tests and
 * layerizes on every frame, so a fitted 500-node flow pans at 60 fps only
 * without them.
 */
export const COMPACT_ZOOM = 0.35;

/** The editable canvas: the store's definition, its problems and the simulator's walk. */
export function Canvas() {
  const definition = useDesigner((s) => s.definition);
  const selection = useDesigner((s) => s.selection);
  const loadId = useDesigner((s) => s.loadId);
  const { infos, registry } = useNodeTypes();
  const walk = useWalk((s) => s.walk);
  const problems = useMemo(() => validate(definition, registry), [definition, registry]);
  const iconOf = useCallback((type: string) => infoOf(infos, type)?.icon, [infos]);
  const words = useFlowWords(definition, iconOf);
  const flow = useMemo(
    () => toFlow(definition, problems, {
      path: walk?.path, active: walk?.active, asked: walk?.asked,
      selectedNodes: selection.nodes, selectedEdges: selection.edges, ...words,
    }),
    [definition, problems, walk, selection, words],
  );
  const edges = useMemo(() => flow.edges.map((e) => ({ ...e, type: 'insertable' })), [flow.edges]);
  const [nodes, setNodes] = useState<StepNode[]>(flow.nodes);
  useEffect(() => setNodes(flow.nodes), [flow.nodes]);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const initialised = useNodesInitialized();
  const compact = useStore((s) => s.transform[2] < COMPACT_ZOOM);
  const [fitted, setFitted] = useState(-1);

  // fit a freshly loaded definition once its nodes are measured; a blank one
  // has nothing to fit, and its first node stays where it was dropped
  const blank = definition.nodes.length === 0;
  useEffect(() => {
    if (fitted === loadId) return;
    if (blank) {
      setFitted(loadId);
      return;
    }
    if (!initialised) return;
    void fitView({ duration: 0 }).then(() => setFitted(loadId));
  }, [initialised, loadId, fitted, fitView, blank]);

  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => {
    setNodes((current) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), current));
  }, []);
  const onEdgesChange = useCallback((_changes: EdgeChange[]) => undefined, []);
  const onConnect = useCallback((c: Connection) => {
    const source = definition.nodes.find((n) => n.id === c.source);
    const outputs = source ? infoOf(infos, source.type)?.outputs ?? [] : [];
    const used = new Set(definition.edges.filter((e) => e.from === c.source).map((e) => e.on));
    const on = outputs.length > 1 ? outputs.find((o) => !used.has(o)) ?? outputs[0] : undefined;
    useDesigner.getState().connect(c.source, c.target, on);
  }, [definition, infos]);
  const onSelectionChange = useCallback(({ nodes: n, edges: e }: OnSelectionChangeParams) => {
    const next = { nodes: n.map((x) => x.id), edges: e.map((x) => Number(x.id.slice(1))) };
    const now = useDesigner.getState().selection;
    if (JSON.stringify(now) !== JSON.stringify(next)) useDesigner.getState().select(next);
  }, []);
  const onNodeDragStop = useCallback((_: unknown, _node: StepNode, dragged: StepNode[]) => {
    useDesigner.getState().moveNodes(Object.fromEntries(dragged.map((n) => [n.id, n.position])));
  }, []);
  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (!type) return;
    useDesigner.getState().addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }, [screenToFlowPosition]);

  return (
    <div className={compact ? 'canvas canvas-compact' : 'canvas'} data-testid="canvas" data-fitted={fitted === loadId ? String(loadId) : undefined} data-nodes={nodes.length}
      onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onSelectionChange={onSelectionChange}
        onNodeDragStop={onNodeDragStop}
        deleteKeyCode={null}
        multiSelectionKeyCode="Shift"
        minZoom={0.05}
        // zoomed in, only what is on screen is in the DOM; zoomed out, every plain card is (re-mounting cards at the edges cost more)
        onlyRenderVisibleElements={!compact}
      >
        <Background />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
      <EdgeInsertMenu />
    </div>
  );
}
