import type { WhatIfReport } from '@baton/dsl';
import { Alert, Button, Progress, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, problemText } from '../shell/api';

interface WhatIfRun {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  total: number;
  done: number;
  against: number | null;
  report: WhatIfReport | null;
  error: string | null;
}

/** How many things the analyst should look at before publishing. */
export function findingCount(r: WhatIfReport): number {
  return r.departments.reduce((n, d) => n + d.nobody.length + d.initiator.length, 0) + r.pathChanges.length + (r.requests > 0 ? r.unreached.length : 0) + r.waitForever.length;
}

/**
 * What publishing the draft would do, shown before it is published: the
 * engine replays the latest requests and the organisation against the
 * draft in the background; the analyst then publishes (anyway) or cancels.
 */
export function WhatIfPanel({ definitionId, note, onPublished, onCancel }: {
  definitionId: string; note: string; onPublished(version: number): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const [run, setRun] = useState<WhatIfRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async (id: string) => {
      const next = await api<WhatIfRun>(`/what-if/${id}`);
      if (stopped) return;
      setRun(next);
      if (next.status === 'queued' || next.status === 'running') setTimeout(() => void poll(id).catch((e) => setError(problemText(e))), 300);
    };
    api<WhatIfRun>(`/definitions/${encodeURIComponent(definitionId)}/what-if`, { body: {} })
      .then((started) => { setRun(started); return poll(started.id); })
      .catch(async (e) => {
        // a kind what-if does not replay (routing, SOP, campaign): publish as before
        if (e instanceof ApiError && e.status === 409) onPublished((await api<{ version: number }>(`/definitions/${encodeURIComponent(definitionId)}/publish`, { body: note ? { note } : {} })).version);
        else setError(problemText(e));
      });
    return () => { stopped = true; };
  }, [definitionId]);
  const publish = async () => {
    try {
      onPublished((await api<{ version: number }>(`/what-if/${run!.id}/publish`, { body: note ? { note } : {} })).version);
    } catch (e) {
      setError(problemText(e));
    }
  };
  const report = run?.report;
  const findings = report ? findingCount(report) : 0;
  return (
    <section className="what-if" data-testid="what-if" aria-label={t('whatIf.title')}>
      <h2>{t('whatIf.title')}</h2>
      {error && <Alert type="error" title={error} />}
      {run && !report && run.status !== 'failed' && <Progress percent={Math.round(run.progress * 100)} size="small" data-testid="what-if-progress" />}
      {run?.status === 'failed' && <Alert type="error" title={run.error ?? ''} />}
      {report && (
        <div className="findings" data-testid="what-if-report">
          <p>{t('whatIf.replayed', { count: report.requests, version: run!.against ?? '—' })}</p>
          {findings === 0 && <Alert type="success" title={t('whatIf.nothing')} />}
          {report.departments.length > 0 && (
            <>
              <h3>{t('whatIf.departments')}</h3>
              <ul data-testid="what-if-departments">
                {report.departments.flatMap((d) => [
                  ...d.nobody.map((n) => <li key={`${d.department.id}-n-${n.node}`}>{t('whatIf.nobody', { department: d.department.name, node: n.node, people: n.people.join(', '), then: t(`whatIf.then.${n.then}`) })}</li>),
                  ...d.initiator.map((n) => <li key={`${d.department.id}-i-${n.node}`}>{t('whatIf.initiator', { department: d.department.name, node: n.node, people: n.people.join(', ') })}</li>),
                ])}
              </ul>
            </>
          )}
          {report.pathChanges.length > 0 && (
            <>
              <h3>{t('whatIf.pathChanges', { count: report.pathChanges.length })}</h3>
              <Table size="small" pagination={false} rowKey="requestId" data-testid="what-if-paths" scroll={{ x: true }}
                dataSource={report.pathChanges}
                columns={[
                  { title: t('whatIf.request'), dataIndex: 'serial' },
                  { title: t('whatIf.before'), render: (_, c) => `${c.before.path.join(' → ')} (${c.before.status})` },
                  { title: t('whatIf.after'), render: (_, c) => `${c.after.path.join(' → ')} (${c.after.status})` },
                ]} />
            </>
          )}
          {report.requests > 0 && report.unreached.length > 0 && <p data-testid="what-if-unreached">{t('whatIf.unreached', { nodes: report.unreached.join(', ') })}</p>}
          {report.waitForever.length > 0 && (
            <ul data-testid="what-if-forever">
              {report.waitForever.map((w) => <li key={w.node}>{t(`whatIf.forever.${w.why}`, { node: w.node })}</li>)}
            </ul>
          )}
          {report.tasksPerPerson.length > 0 && <p>{t('whatIf.tasks', { list: report.tasksPerPerson.slice(0, 8).map((p) => `${p.person} ${p.tasks}`).join(', ') })}</p>}
        </div>
      )}
      <Space className="actions">
        <Button type="primary" danger={findings > 0} disabled={!report} onClick={() => void publish()} data-testid="publish-confirm">
          {findings > 0 ? t('whatIf.publishAnyway') : t('designer.publish')}
        </Button>
        <Button onClick={onCancel} data-testid="publish-cancel">{t('whatIf.cancel')}</Button>
      </Space>
    </section>
  );
}
