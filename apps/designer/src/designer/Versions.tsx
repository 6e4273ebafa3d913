import type { Definition } from '@baton/dsl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shell/api';
import { useDesigner } from './store';
import { Migration } from './Migration';
import { compareVersions, type VersionDiff } from './versions';
import { useMoment } from '../shell/i18n';

interface VersionInfo {
  version: number;
  note?: string | null;
  publishedAt: string;
  publishedBy: string;
}

/** The published versions of the definition being edited, and a node-by-node comparison of two. */
export function Versions({ refresh }: { refresh: number }) {
  const when = useMoment();
  const { t } = useTranslation();
  const id = useDesigner((s) => s.definition.id);
  const [items, setItems] = useState<VersionInfo[]>([]);
  const [a, setA] = useState<number | ''>('');
  const [b, setB] = useState<number | ''>('');
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const load = useCallback(() => {
    api<{ items: VersionInfo[] }>(`/definitions/${encodeURIComponent(id)}/versions`).then((r) => setItems(r.items), () => setItems([]));
  }, [id]);
  useEffect(load, [load, refresh]);
  const compare = async () => {
    if (a === '' || b === '') return;
    const [x, y] = await Promise.all([a, b].map((v) => api<{ definition: Definition }>(`/definitions/${encodeURIComponent(id)}/versions/${v}`)));
    setDiff(compareVersions(x!.definition, y!.definition));
  };
  return (
    <div className="versions" data-testid="versions">
      <ul>
        {items.map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <strong>{t('versions.version', { version: v.version })}</strong> · {when(v.publishedAt)} · {v.publishedBy}
            {v.note && <div className="muted">{v.note}</div>}
          </li>
        ))}
      </ul>
      {items.length > 1 && (
        <div className="row-actions">
          <select value={a} data-testid="compare-a" onChange={(e) => setA(Number(e.target.value))}><option value="">—</option>{items.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}</select>
          <select value={b} data-testid="compare-b" onChange={(e) => setB(Number(e.target.value))}><option value="">—</option>{items.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}</select>
          <button type="button" data-testid="compare" onClick={() => void compare()}>{t('versions.compare')}</button>
        </div>
      )}
      {diff && (
        <dl className="diff" data-testid="diff">
          <dt>{t('versions.added')}</dt><dd data-testid="diff-added">{diff.added.join(', ') || '—'}</dd>
          <dt>{t('versions.removed')}</dt><dd data-testid="diff-removed">{diff.removed.join(', ') || '—'}</dd>
          <dt>{t('versions.changed')}</dt><dd data-testid="diff-changed">{diff.changed.join(', ') || '—'}</dd>
        </dl>
      )}
      {items.length > 1 && <Migration key={id} definitionId={id} versions={items.map((v) => v.version)} />}
    </div>
  );
}
