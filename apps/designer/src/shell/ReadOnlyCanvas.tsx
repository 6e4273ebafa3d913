import type { Definition } from '@baton/dsl';
import { Background, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { toFlow } from '../flow';
import { nodeTypes } from './StepView';

/** A definition on a canvas that cannot be edited, with a path lit up: previews, instance viewers, the portal timeline. */
export function ReadOnlyCanvas({ definition, path = [], active = [], testId }: { definition: Definition; path?: string[]; active?: string[]; testId?: string }) {
  const flow = useMemo(() => toFlow(definition, [], { path, active }), [definition, path, active]);
  return (
    <div className="readonly-canvas" data-testid={testId}>
      <ReactFlowProvider>
        <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} fitView nodesDraggable={false} nodesConnectable={false} elementsSelectable={false}>
          <Background />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
