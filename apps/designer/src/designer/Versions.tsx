import type { Definition } from '@baton/dsl';
import { Button, Select } from 'antd';
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
  const [a, setA] = useState<number>();
  const [b, setB] = useState<number>();
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const load = useCallback(() => {
    api<{ items: VersionInfo[] }>(`/definitions/${encodeURIComponent(id)}/versions`).then((r) => setItems(r.items), () => setItems([]));
  }, [id]);
  useEffect(load, [load, refresh]);
  const compare = async () => {
    if (a === undefined || b === undefined) return;
    const [x, y] = await Promise.all([a, b].map((v) => api<{ definition: Definition }>(`/definitions/${encodeURIComponent(id)}/versions/${v}`)));
    setDiff(compareVersions(x!.definition, y!.definition));
  };
  const versionOptions = (side: 'a' | 'b') => items.map((v) => ({ value: v.version, label: t('versions.version', { version: v.version }), 'data-testid': `compare-${side}-${v.version}` }));
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
          <Select value={a} data-testid="compare-a" aria-label={t('versions.first')} placeholder={t('versions.first')} onChange={setA} options={versionOptions('a')} style={{ minWidth: 120 }} />
          <Select value={b} data-testid="compare-b" aria-label={t('versions.second')} placeholder={t('versions.second')} onChange={setB} options={versionOptions('b')} style={{ minWidth: 120 }} />
          <Button data-testid="compare" disabled={a === undefined || b === undefined} onClick={() => void compare()}>{t('versions.compare')}</Button>
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
