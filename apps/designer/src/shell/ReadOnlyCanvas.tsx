import type { Definition } from '@baton/dsl';
import { Background, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toFlow } from '../flow';
import { autoLayout, NODE_HEIGHT, NODE_WIDTH } from '../layout';
import { nodeTypes, useFlowWords } from './StepView';

/** The largest scale a reader is shown the flow at (node texts stay legible down to about half of it). */
const MAX_ZOOM = 0.85;
/** The room fitView leaves around the flow: the flow is fitted into 1 + PADDING times its size (React Flow's default). */
const PADDING = 0.1;
/** The canvas is never shorter than this, nor taller than this share of the window: a long flow scales down to fit. */
const MIN_HEIGHT = 200;
const MAX_HEIGHT_SHARE = 0.7;

/**
 * The height that shows the whole flow at the scale its width allows (at
 * most MAX_ZOOM) in a canvas `width` wide: a short flow gets a short
 * canvas, a tall one a tall canvas, up to a share of the window.
 */
export function canvasHeight(bounds: { width: number; height: number }, width: number, windowHeight: number): number {
  const zoom = Math.min(MAX_ZOOM, width / (Math.max(bounds.width, 1) * (1 + PADDING)));
  const wanted = bounds.height * zoom * (1 + PADDING);
  return Math.round(Math.min(Math.max(wanted, MIN_HEIGHT), Math.max(MIN_HEIGHT, windowHeight * MAX_HEIGHT_SHARE)));
}

/** A definition on a canvas that cannot be edited, with a path lit up: previews, instance viewers, the portal timeline. */
export function ReadOnlyCanvas({ definition, path = [], active = [], testId }: { definition: Definition; path?: string[]; active?: string[]; testId?: string }) {
  const words = useFlowWords(definition);
  // laid out top-down here, whatever the analyst's canvas looked like: a reader follows the path downwards
  const flow = useMemo(() => toFlow({ ...definition, layout: autoLayout(definition) }, [], { path, active, ...words }), [definition, path, active, words]);
  const bounds = useMemo(() => {
    const xs = flow.nodes.map((n) => n.position.x);
    const ys = flow.nodes.map((n) => n.position.y);
    return xs.length ? { width: Math.max(...xs) - Math.min(...xs) + NODE_WIDTH, height: Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT } : { width: 1, height: 1 };
  }, [flow]);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const height = width === null ? undefined : canvasHeight(bounds, width, window.innerHeight);
  return (
    <div className="readonly-canvas" data-testid={testId} ref={box} style={height === undefined ? undefined : { height }}>
      {/* drawn once its height is known, so that the flow is fitted to the canvas it is shown in; a still picture of
          the whole flow: dragging or wheeling over it scrolls the page (on a phone it may fill most of the screen) */}
      {height !== undefined && (
        <ReactFlowProvider>
          <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ padding: PADDING, maxZoom: MAX_ZOOM }} minZoom={0.1}
            nodesDraggable={false} nodesConnectable={false} elementsSelectable={false}
            panOnDrag={false} zoomOnScroll={false} zoomOnPinch={false} zoomOnDoubleClick={false} preventScrolling={false}>
            <Background />
          </ReactFlow>
        </ReactFlowProvider>
      )}
    </div>
  );
}
