import type { Definition } from '@baton/dsl';
import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReadOnlyCanvas } from '../shell/ReadOnlyCanvas';
import { TEMPLATES } from './templates';

/** Every template, searchable by name and category, previewed on a read-only canvas. */
export function TemplateGallery({ onUse, onClose }: { onUse(template: Definition): void; onClose(): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [preview, setPreview] = useState<Definition | null>(null);
  const categories = useMemo(() => [...new Set(TEMPLATES.map((d) => d.category ?? ''))].filter(Boolean).sort(), []);
  const shown = TEMPLATES.filter((d) => (!category || d.category === category)
    && (!search || `${d.name} ${d.description ?? ''} ${d.category ?? ''}`.toLowerCase().includes(search.toLowerCase())));
  return (
    <div className="modal" role="dialog" aria-label={t('gallery.title')} data-testid="gallery">
      <div className="modal-body wide">
        <header className="row-actions">
          <h2>{t('gallery.title')}</h2>
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('gallery.search')} aria-label={t('gallery.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="gallery-search" style={{ width: 220 }} />
          <Select value={category} onChange={setCategory} aria-label={t('gallery.category')} data-testid="gallery-category" style={{ minWidth: 160 }}
            options={[{ value: '', label: t('gallery.all') }, ...categories.map((c) => ({ value: c, label: c }))]} />
          <Button onClick={onClose}>{t('gallery.close')}</Button>
        </header>
        <div className="gallery">
          {shown.map((d) => (
            <article key={d.id} className="card" data-testid={`template-${d.id}`}>
              <h3>{d.name}</h3>
              <div className="muted">{d.category} · {d.kind}</div>
              <p>{d.description}</p>
              <div className="row-actions">
                <Button size="small" onClick={() => setPreview(d)} data-testid="template-preview">{t('gallery.preview')}</Button>
                <Button size="small" type="primary" onClick={() => onUse(d)} data-testid="template-use">{t('gallery.use')}</Button>
              </div>
            </article>
          ))}
        </div>
        {preview && (
          <section className="preview" data-testid="template-preview-canvas">
            <h3>{preview.name}</h3>
            <ReadOnlyCanvas definition={preview} />
          </section>
        )}
      </div>
    </div>
  );
}
