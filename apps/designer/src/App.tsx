import { validate, type Definition } from '@baton/dsl';
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useState } from 'react';
import { toFlow, type StepNode } from './flow';
import sample from '../../../templates/leave-request.json';

const StepView = memo(function StepView({ data }: NodeProps<StepNode>) {
  return (
    <div className={`step step-${data.type}${data.problems.length ? ' step-problem' : ''}`} title={data.problems.join('\n')}>
      <Handle type="target" position={Position.Left} />
      <div className="step-type">{data.type}</div>
      <div className="step-label">{data.label}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const nodeTypes = { step: StepView };

/**
 * A first page: the definition on a read-only canvas, with the problems
 * validate() finds. The full designer (palette, panels, simulator) builds on it.
 */
export function App() {
  const [definition, setDefinition] = useState<Definition>(sample as Definition);
  const [health, setHealth] = useState<string>('checking…');
  useEffect(() => {
    fetch('/health').then((r) => r.json()).then((h) => setHealth(h.status)).catch(() => setHealth('engine not reachable'));
  }, []);
  const problems = useMemo(() => validate(definition), [definition]);
  const flow = useMemo(() => toFlow(definition, problems), [definition, problems]);
  return (
    <div className="shell">
      <header>
        <strong>Baton</strong> designer · {definition.name} · engine: <span data-testid="health">{health}</span>
        <button onClick={() => setDefinition(structuredClone(sample as Definition))}>Reset</button>
      </header>
      <main>
        <div className="canvas">
          <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} fitView nodesDraggable={false}>
            <Background />
            <MiniMap />
            <Controls />
          </ReactFlow>
        </div>
        <aside>
          <h3>Problems ({problems.length})</h3>
          <ul data-testid="problems">
            {problems.map((p) => (
              <li key={`${p.pointer}:${p.message}`}>
                <code>{p.pointer || '/'}</code> {p.message}
              </li>
            ))}
          </ul>
        </aside>
      </main>
      <style>{CSS}</style>
    </div>
  );
}

const CSS = `
  body { margin: 0; font-family: system-ui, sans-serif; }
  .shell { display: flex; flex-direction: column; height: 100vh; }
  header { padding: 8px 12px; border-bottom: 1px solid #ddd; display: flex; gap: 12px; align-items: center; }
  main { flex: 1; display: flex; min-height: 0; }
  .canvas { flex: 1; }
  aside { width: 320px; border-left: 1px solid #ddd; padding: 0 12px; overflow: auto; }
  .step { padding: 8px 12px; border: 1px solid #888; border-radius: 6px; background: #fff; min-width: 120px; }
  .step-type { font-size: 10px; text-transform: uppercase; color: #777; }
  .step-approval { border-color: #2a6; }
  .step-problem { border-color: #c33; box-shadow: 0 0 0 2px #fcc; }
`;
