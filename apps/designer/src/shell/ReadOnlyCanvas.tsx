import type { Definition } from '@baton/dsl';
import { Background, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { toFlow } from '../flow';
import { autoLayout } from '../layout';
import { nodeTypes, useFlowWords } from './StepView';

/** A definition on a canvas that cannot be edited, with a path lit up: previews, instance viewers, the portal timeline. */
export function ReadOnlyCanvas({ definition, path = [], active = [], testId }: { definition: Definition; path?: string[]; active?: string[]; testId?: string }) {
  const words = useFlowWords(definition);
  // laid out top-down here, whatever the analyst's canvas looked like: a reader follows the path downwards
  const flow = useMemo(() => toFlow({ ...definition, layout: autoLayout(definition) }, [], { path, active, ...words }), [definition, path, active, words]);
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
