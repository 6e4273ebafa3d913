import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { Dropdown } from 'antd';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { NodeIcon } from '../shell/StepView';
import { useNodeTypes } from './node-types';
import { useDesigner } from './store';

/**
 * An edge of the editable canvas: its label, and a + that inserts a node
 * there (the way n8n's canvas does). The + is a plain button; the one menu
 * of node types is shared by all edges, so a 500-edge flow mounts one menu,
 * not 500, while it pans.
 */

interface InsertAt { index: number; x: number; y: number }
const useInsertMenu = create<{ at: InsertAt | null }>(() => ({ at: null }));

export const InsertableEdge = memo(function InsertableEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, markerEnd, style, data }: EdgeProps) {
  const { t } = useTranslation();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const index = (data as { index: number }).index;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabelRenderer>
        <div className="edge-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {label && <span className="edge-text" data-testid="edge-label">{label}</span>}
          <button type="button" className="edge-insert" aria-label={t('designer.insertHere')} aria-haspopup="menu" data-testid={`insert-on-e${index}`}
            onClick={(e) => {
              const box = e.currentTarget.getBoundingClientRect();
              useInsertMenu.setState({ at: { index, x: box.left, y: box.bottom } });
            }}>+</button>
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

/** The menu of node types that the + of an edge opens, below that +. */
export function EdgeInsertMenu() {
  const { t } = useTranslation();
  const at = useInsertMenu((s) => s.at);
  const infos = useNodeTypes((s) => s.infos);
  const items = useMemo(() => infos.filter((i) => i.type !== 'start' && i.type !== 'end').map((i) => ({
    key: i.type, icon: <NodeIcon icon={i.icon} />, label: <span data-testid={`insert-${i.type}`}>{t(`nodeTypes.${i.type}`, i.title)}</span>,
  })), [infos, t]);
  if (!at) return null;
  const close = () => useInsertMenu.setState({ at: null });
  const insert = (type: string) => {
    const outputs = infos.find((i) => i.type === type)?.outputs ?? [];
    useDesigner.getState().insertOnEdge(at.index, type, outputs.length > 1 ? outputs[0] : undefined);
    close();
  };
  return (
    <Dropdown open trigger={['click']} menu={{ items, onClick: ({ key }) => insert(key) }} onOpenChange={(open) => { if (!open) close(); }}>
      <span aria-hidden="true" style={{ position: 'fixed', left: at.x, top: at.y, width: 1, height: 1 }} />
    </Dropdown>
  );
}

export const edgeTypes = { insertable: InsertableEdge };
