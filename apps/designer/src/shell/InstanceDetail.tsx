import type { Definition } from '@baton/dsl';
import { SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Mentions, Skeleton, Space, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type HistoryEntry, type InstanceTask, type InstanceView } from './api';
import { publishedDefinition } from './definitions';
import { departmentNames, useDirectory } from './directory';
import { CampaignReview } from './CampaignReview';
import { FormRenderer } from './FormRenderer';
import { ReadOnlyCanvas } from './ReadOnlyCanvas';
import { StatusTag } from './StatusTag';
import { Watermark } from './Watermark';
import { useMoment } from './i18n';

/** Everything shown about one request: the instance, its definition, its history and who holds it now. */
export interface RequestRecord {
  instance: InstanceView;
  definition: Definition;
  history: HistoryEntry[];
  tasks: InstanceTask[];
}

/** Loads a request and, while it moves, follows it (tasks are created by workers a moment after each step). */
export function useRequest(id: string | null): { record: RequestRecord | null; reload(): void } {
  const [record, setRecord] = useState<RequestRecord | null>(null);
  const reload = useCallback(() => {
    if (!id) return;
    void (async () => {
      const instance = await api<InstanceView>(`/instances/${id}`);
      const [definition, history, tasks] = await Promise.all([
        publishedDefinition(instance.definitionId, instance.version),
        api<{ items: HistoryEntry[] }>(`/instances/${id}/history`).then((h) => h.items, () => []),
        api<{ items: InstanceTask[] }>(`/instances/${id}/tasks`).then((r) => r.items, () => []),
      ]);
      setRecord({ instance, definition, history, tasks });
    })();
  }, [id]);
  useEffect(reload, [reload]);
  const running = record?.instance.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [running, reload]);
  return { record, reload };
}

const stepTitle = (definition: Definition, node: string) => definition.nodes.find((n) => n.id === node)?.title ?? node;

/** Who asked, when, where it is now and who holds it. */
export function RequestSummary({ record }: { record: RequestRecord }) {
  const when = useMoment();
  const { t } = useTranslation();
  const people = useDirectory((s) => s.people);
  const { instance, definition, tasks } = record;
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const pending = tasks.filter((task) => task.status === 'pending' || task.status === 'waiting');
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} items={[
        { key: 'status', label: t('portal.status'), children: <span data-testid="instance-status"><StatusTag status={instance.status} />{instance.at.length > 0 && <> {instance.at.map((n) => stepTitle(definition, n)).join(', ')}</>}</span> },
        { key: 'by', label: t('portal.initiator'), children: name(instance.createdBy) },
        { key: 'at', label: t('portal.submittedAt'), children: when(instance.createdAt) },
      ]} />
      {pending.length > 0 && (
        <Alert type="info" role="status" showIcon style={{ margin: '8px 0' }} data-testid="pending-with"
          title={t('portal.pending', { people: pending.map((p) => `${p.assigneeName} (${stepTitle(definition, p.node)})`).join(', ') })} />
      )}
    </>
  );
}

/** The events of a request, newest last, with comments quoted. */
export function RequestTimeline({ record }: { record: RequestRecord }) {
  const when = useMoment();
  const { t, i18n } = useTranslation();
  const people = useDirectory((s) => s.people);
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const colour = (h: HistoryEntry) => (h.outcome === 'rejected' ? 'red' : h.outcome === 'approved' || h.type.includes('complete') ? 'green' : 'blue');
  if (record.history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="timeline">
      <Timeline items={record.history.map((h) => ({
        key: h.rev,
        color: colour(h),
        content: (
          <>
            <Typography.Text strong>{name(h.actor)}</Typography.Text> {t(`events.${h.type}`, h.type)}{h.outcome ? ` (${t(`status.${h.outcome}`, h.outcome)})` : ''}
            {h.node && <> · {stepTitle(record.definition, h.node)}</>}
            {h.to.length > 0 && <> → {h.to.map((n) => stepTitle(record.definition, n)).join(', ')}</>}
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(h.at)}</Typography.Text></div>
            {h.explanation && <div data-testid="history-why"><Typography.Text type="secondary">{h.explanation[i18n.language] ?? h.explanation.en}</Typography.Text></div>}
            {h.comment && <blockquote style={{ margin: '4px 0', paddingLeft: 8, borderLeft: '3px solid #d0d5dd' }}>{h.comment}</blockquote>}
          </>
        ),
      }))} />
    </div>
  );
}

/** The flow with the path so far lit up. */
export function RequestPath({ record }: { record: RequestRecord }) {
  return <ReadOnlyCanvas definition={record.definition} path={record.instance.path} active={record.instance.at} testId="instance-canvas" />;
}

/** To the request's replay: its steps recomputed from the recorded events. */
export function ReplayLink({ id }: { id: string }) {
  const { t } = useTranslation();
  return <a href={`#/replay/${id}`} data-testid="open-replay">{t('replay.open')}</a>;
}

/** A comment; "@" opens the people picker (by name or department) and writes @id, which the engine notifies. */
function CommentBox({ id, onSent }: { id: string; onSent(): void }) {
  const { t } = useTranslation();
  const { people, departments, load } = useDirectory();
  const [comment, setComment] = useState('');
  useEffect(() => {
    void load();
  }, [load]);
  const options = useMemo(() => people.filter((p) => p.active !== false).map((p) => {
    const where = departmentNames(p, departments);
    return { value: p.id, key: p.id, label: <span data-testid={`mention-option-${p.id}`}>{p.name}{where ? ` · ${where}` : ''}</span>, search: `${p.id} ${p.name} ${where}`.toLowerCase() };
  }), [people, departments]);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Mentions value={comment} onChange={setComment} placeholder={t('portal.comment')} aria-label={t('portal.comment')} data-testid="comment-text" autoSize={{ minRows: 1, maxRows: 4 }}
        options={options} filterOption={(input, option) => (option as { search?: string }).search?.includes(input.toLowerCase()) ?? false} />
      <Button icon={<SendOutlined />} disabled={!comment.trim()} onClick={() => void api(`/instances/${id}/comments`, { body: { text: comment } }).then(() => { setComment(''); onSent(); })}>{t('portal.send')}</Button>
    </Space.Compact>
  );
}

/** One request: its status, the form, the timeline with comments, and the path on the canvas. */
export function InstanceDetail({ id, actions, extra }: {
  id: string;
  actions?: (instance: InstanceView, definition: Definition, reload: () => void) => React.ReactNode;
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { record, reload } = useRequest(id);
  const load = useDirectory((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (!record) return <Card><Skeleton active /></Card>;
  const { instance, definition } = record;
  return (
    <section className="instance-detail" data-testid="instance-detail" data-status={instance.status} style={{ position: 'relative' }}>
      <Watermark mark={instance.watermark} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={<span className="wrap-title" data-testid="request-title">{instance.serial} · {instance.title}</span>} extra={extra}>
          <RequestSummary record={record} />
          {actions?.(instance, definition, reload)}
        </Card>
        <CampaignReview requestId={id} />
        {instance.form && <Card title={t('portal.form')} size="small"><FormRenderer fields={definition.form.fields} value={instance.form} readOnly idPrefix="view" /></Card>}
        <Card title={t('portal.timeline')} size="small">
          <RequestTimeline record={record} />
          <CommentBox id={id} onSent={reload} />
        </Card>
        <Card title={t('portal.path')} size="small" extra={<ReplayLink id={id} />}><RequestPath record={record} /></Card>
      </Space>
    </section>
  );
}
