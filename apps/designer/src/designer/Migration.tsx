import { Alert, Button, Progress, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemText } from '../shell/api';

interface Suggestion { from: string; to: string | null; why: string; waiting: number }
interface TaskRef { node: string; visit: number; assignee: string }
interface Item {
  instanceId: string; serial: string; outcome: 'migrated' | 'refused'; from: string[]; to: string[]; how?: string; code?: string; message?: string;
  closes: TaskRef[]; opens: TaskRef[]; timers: { moved: number; dropped: number; scheduled: number };
}
interface Batch { id: string; status: string; total: number; done: number; migrated: number; refused: number; progress: number; ratePerSecond: number; results: Item[] }

const tasks = (refs: TaskRef[]) => refs.map((r) => `${r.assignee}@${r.node}`).join(', ') || '—';

/**
 * Moving the requests still running on one version to another: the mapping
 * (suggested where node ids match, chosen with pickers), a dry run that
 * says what happens to each request, then the batch with its progress,
 * stop and resume.
 */
export function Migration({ definitionId, versions }: { definitionId: string; versions: number[] }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(versions[1] ?? versions[0]!);
  const [to, setTo] = useState(versions[0]!);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [targets, setTargets] = useState<Array<{ id: string; title: string }>>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<{ total: number; migrated: number; refused: number; items: Item[] } | null>(null);
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/definitions/${encodeURIComponent(definitionId)}/migrations`;

  useEffect(() => {
    setDry(null);
    if (from === to) return;
    api<{ suggestions: Suggestion[]; targets: Array<{ id: string; title: string }> }>(`${base}/mapping?from=${from}&to=${to}`).then((r) => {
      setSuggestions(r.suggestions);
      setTargets(r.targets);
      setMapping(Object.fromEntries(r.suggestions.filter((s) => s.to).map((s) => [s.from, s.to!])));
      setError(null);
    }, (e) => setError(problemText(e)));
  }, [base, from, to]);

  useEffect(() => {
    if (!batch || !['queued', 'running', 'stopping'].includes(batch.status)) return undefined;
    const timer = setTimeout(() => void api<Batch>(`/migrations/${batch.id}`).then(setBatch, (e) => setError(problemText(e))), 400);
    return () => clearTimeout(timer);
  }, [batch]);

  const act = async (work: () => Promise<void>) => {
    try {
      setError(null);
      await work();
    } catch (e) {
      setError(problemText(e));
    }
  };
  const body = { from, to, mapping };
  const versionOptions = versions.map((v) => ({ value: v, label: t('versions.version', { version: v }) }));
  const columns = [
    { title: t('migration.request'), dataIndex: 'serial', key: 'serial' },
    { title: t('migration.from'), key: 'from', render: (_: unknown, i: Item) => i.from.join(', ') },
    { title: t('migration.lands'), key: 'to', render: (_: unknown, i: Item) => (i.outcome === 'refused' ? <Tag color="red">{i.message}</Tag> : `${i.to.join(', ')} (${t(`migration.how.${i.how}`)})`) },
    { title: t('migration.closes'), key: 'closes', render: (_: unknown, i: Item) => tasks(i.closes) },
    { title: t('migration.opens'), key: 'opens', render: (_: unknown, i: Item) => tasks(i.opens) },
    { title: t('migration.timers'), key: 'timers', render: (_: unknown, i: Item) => t('migration.timerCounts', i.timers) },
  ];
  return (
    <section className="migration" data-testid="migration" aria-label={t('migration.title')}>
      <h2>{t('migration.title')}</h2>
      <Space wrap>
        <Select aria-label={t('migration.fromVersion')} value={from} options={versionOptions} onChange={setFrom} data-testid="migration-from" />
        →
        <Select aria-label={t('migration.toVersion')} value={to} options={versionOptions} onChange={setTo} data-testid="migration-to" />
      </Space>
      {error && <Alert type="error" showIcon title={error} data-testid="migration-error" />}
      {from !== to && (
        <table className="mapping" data-testid="mapping">
          <thead><tr><th>{t('migration.oldNode')}</th><th>{t('migration.waiting')}</th><th>{t('migration.newNode')}</th></tr></thead>
          <tbody>
            {suggestions.map((s) => (
              <tr key={s.from}>
                <td>{s.from}</td>
                <td>{s.waiting}</td>
                <td>
                  <Select aria-label={t('migration.targetOf', { node: s.from })} data-testid={`map-${s.from}`} style={{ minWidth: 140 }} allowClear
                    placeholder={t('migration.choose')} value={mapping[s.from]} options={targets.map((x) => ({ value: x.id, label: x.title === x.id ? x.id : `${x.title} (${x.id})` }))}
                    onChange={(value?: string) => setMapping((m) => {
                      const { [s.from]: _old, ...rest } = m;
                      return value ? { ...rest, [s.from]: value } : rest;
                    })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Space wrap>
        <Button disabled={from === to} data-testid="dry-run" onClick={() => void act(async () => setDry(await api(`${base}/dry-run`, { body })))}>{t('migration.dryRun')}</Button>
        <Button type="primary" disabled={!dry || dry.migrated === 0 || Boolean(batch && batch.status !== 'done')} data-testid="migrate"
          onClick={() => void act(async () => setBatch(await api<Batch>(base, { body })))}>{t('migration.run')}</Button>
        {batch && ['queued', 'running'].includes(batch.status) && <Button data-testid="migration-stop" onClick={() => void act(async () => setBatch(await api<Batch>(`/migrations/${batch.id}/stop`, { body: {} })))}>{t('migration.stop')}</Button>}
        {batch?.status === 'stopped' && <Button data-testid="migration-resume" onClick={() => void act(async () => setBatch(await api<Batch>(`/migrations/${batch.id}/resume`, { body: {} })))}>{t('migration.resume')}</Button>}
      </Space>
      {dry && !batch && (
        <div data-testid="dry-run-result">
          <p>{t('migration.summary', dry)}</p>
          <Table size="small" rowKey="instanceId" columns={columns} dataSource={dry.items} pagination={{ pageSize: 10 }} scroll={{ x: true }} />
        </div>
      )}
      {batch && (
        <div data-testid="migration-batch">
          <Progress percent={Math.round(batch.progress * 100)} size="small" />
          <p data-testid="migration-status">{t('migration.status', { status: t(`migration.state.${batch.status}`), done: batch.done, total: batch.total, migrated: batch.migrated, refused: batch.refused, rate: batch.ratePerSecond })}</p>
          <Table size="small" rowKey="instanceId" columns={columns} dataSource={batch.results} pagination={{ pageSize: 10 }} scroll={{ x: true }} />
        </div>
      )}
    </section>
  );
}
