import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StepNode } from '../flow';

const ICONS: Record<string, string> = {
  play: '▶', flag: '⚑', split: '◇', stamp: '✔', mail: '✉', copy: '✉', clock: '◷', fork: '⇉', merge: '⊕', variable: '𝑥', globe: '◎', box: '■',
};

export function iconOf(icon?: string): string {
  return (icon && ICONS[icon]) ?? '■';
}

/** One node on the canvas: its type, title, problems and where a walk has been. */
export const StepView = memo(function StepView({ data, selected }: NodeProps<StepNode>) {
  const classes = ['step', `step-${data.type.replace(/[^a-z0-9-]/gi, '-')}`];
  if (data.problems.length) classes.push('step-problem');
  if (data.visited) classes.push('step-visited');
  if (data.active) classes.push('step-active');
  if (selected) classes.push('step-selected');
  return (
    <div className={classes.join(' ')} title={data.problems.join('\n')} data-testid={`node-${data.label}`}>
      {data.type !== 'start' && <Handle type="target" position={Position.Left} />}
      <div className="step-type">{data.type}</div>
      <div className="step-label">{data.label}</div>
      {data.asked && <div className="step-asked">→ {data.asked.join(', ') || '—'}</div>}
      {data.problems.length > 0 && <div className="step-badge">{data.problems.length}</div>}
      {data.type !== 'end' && <Handle type="source" position={Position.Right} />}
    </div>
  );
});

export const nodeTypes = { step: StepView };
