import type { Definition } from '@baton/dsl';
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
          <h3>{t('gallery.title')}</h3>
          <input type="search" placeholder={t('gallery.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="gallery-search" />
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('gallery.all')}</option>
            {categories.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <button type="button" onClick={onClose}>{t('gallery.close')}</button>
        </header>
        <div className="gallery">
          {shown.map((d) => (
            <article key={d.id} className="card" data-testid={`template-${d.id}`}>
              <h4>{d.name}</h4>
              <div className="muted">{d.category} · {d.kind}</div>
              <p>{d.description}</p>
              <div className="row-actions">
                <button type="button" onClick={() => setPreview(d)} data-testid="template-preview">{t('gallery.preview')}</button>
                <button type="button" onClick={() => onUse(d)} data-testid="template-use">{t('gallery.use')}</button>
              </div>
            </article>
          ))}
        </div>
        {preview && (
          <section className="preview" data-testid="template-preview-canvas">
            <h4>{preview.name}</h4>
            <ReadOnlyCanvas definition={preview} />
          </section>
        )}
      </div>
    </div>
  );
}
