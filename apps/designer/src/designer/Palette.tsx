import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeIcon } from '../shell/StepView';
import { PALETTE_MIME } from './Canvas';
import { useNodeTypes } from './node-types';
import { useDesigner } from './store';

/** Node types from the engine's registry, by category, with a search; drag one onto the canvas or click to add it. */
export function Palette() {
  const { t } = useTranslation();
  const infos = useNodeTypes((s) => s.infos);
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const shown = infos.filter((i) => !needle || `${i.type} ${i.title} ${t(`nodeTypes.${i.type}`, i.title)} ${i.category} ${i.description ?? ''}`.toLowerCase().includes(needle));
    const byCategory = new Map<string, typeof shown>();
    for (const info of shown) byCategory.set(info.category, [...(byCategory.get(info.category) ?? []), info]);
    return [...byCategory.entries()];
  }, [infos, search, t]);

  const add = (type: string) => {
    const { definition } = useDesigner.getState();
    const positions = Object.values(definition.layout ?? {});
    // below the lowest node: the canvas reads top-down
    const below = positions.length ? Math.max(...positions.map((p) => p.y)) + 130 : 0;
    useDesigner.getState().addNode(type, { x: 0, y: below });
  };

  return (
    <nav className="palette" aria-label={t('designer.palette')}>
      <h2>{t('designer.palette')}</h2>
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('designer.search')} aria-label={t('designer.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="palette-search" />
      {groups.map(([category, items]) => (
        <section key={category}>
          <h3>{t(`categories.${category}`, category)}</h3>
          {items.map((info) => (
            <button
              key={info.type}
              type="button"
              className="palette-item"
              draggable
              title={info.description}
              data-testid={`palette-${info.type}`}
              onDragStart={(e) => { e.dataTransfer.setData(PALETTE_MIME, info.type); e.dataTransfer.effectAllowed = 'move'; }}
              onClick={() => add(info.type)}
            >
              <span className="palette-icon"><NodeIcon icon={info.icon} /></span> {t(`nodeTypes.${info.type}`, info.title)}
            </button>
          ))}
        </section>
      ))}
    </nav>
  );
}
