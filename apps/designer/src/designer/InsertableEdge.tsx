import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { Dropdown } from 'antd';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeIcon } from '../shell/StepView';
import { useNodeTypes } from './node-types';
import { useDesigner } from './store';

/** An edge of the editable canvas: its label, and a + that inserts a node there (the way n8n's canvas does). */
export const InsertableEdge = memo(function InsertableEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, markerEnd, style, data }: EdgeProps) {
  const { t } = useTranslation();
  const infos = useNodeTypes((s) => s.infos);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const index = (data as { index: number }).index;
  const items = useMemo(() => infos.filter((i) => i.type !== 'start' && i.type !== 'end').map((i) => ({
    key: i.type, icon: <NodeIcon icon={i.icon} />, label: <span data-testid={`insert-${i.type}`}>{t(`nodeTypes.${i.type}`, i.title)}</span>,
  })), [infos, t]);
  const insert = (type: string) => {
    const outputs = infos.find((i) => i.type === type)?.outputs ?? [];
    useDesigner.getState().insertOnEdge(index, type, outputs.length > 1 ? outputs[0] : undefined);
  };
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabelRenderer>
        <div className="edge-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {label && <span className="edge-text" data-testid="edge-label">{label}</span>}
          <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => insert(key) }}>
            <button type="button" className="edge-insert" aria-label={t('designer.insertHere')} data-testid={`insert-on-e${index}`}>+</button>
          </Dropdown>
        </div>
      </EdgeLabelRenderer>
    </>
  );
});

export const edgeTypes = { insertable: InsertableEdge };
