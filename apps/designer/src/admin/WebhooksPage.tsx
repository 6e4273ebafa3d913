import { ApiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, formProblems, problemText } from '../shell/api';
import { useMoment } from '../shell/i18n';
import { ActionsHeader } from './ActionsHeader';

interface Subscription { id: string; url: string; events: string[]; description?: string; active: boolean; createdAt: string }
interface Delivery { id: string; eventId: string; event: string; status: 'pending' | 'succeeded' | 'failed'; attempts: number; replays?: number; deliveredAt?: string | null; createdAt: string }

/** What the engine can send (apps/engine/src/webhooks/webhook.schema.ts); the engine refuses any other. */
const EVENTS = [
  'instance.started', 'instance.entered', 'instance.completed', 'instance.rejected', 'instance.withdrawn', 'instance.failed', 'instance.returned', 'instance.resubmitted',
  'task.created', 'task.closed', '*',
];
const DELIVERY_COLOURS = { pending: 'processing', succeeded: 'success', failed: 'error' } as const;

function Deliveries({ subscription }: { subscription: Subscription }) {
  const when = useMoment();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<Delivery[] | null>(null);
  const load = useCallback(() => void api<{ items: Delivery[] }>(`/webhooks/${subscription.id}/deliveries?limit=50`).then((r) => setItems(r.items), () => setItems([])), [subscription.id]);
  useEffect(load, [load]);
  return (
    <Table<Delivery> size="small" rowKey="id" loading={items === null} dataSource={items ?? []} pagination={false} data-testid="deliveries"
      columns={[
        { title: t('hooks.event'), dataIndex: 'event' },
        { title: t('admin.status'), render: (_, d) => <Tag color={DELIVERY_COLOURS[d.status]}>{t(`hooks.${d.status}`)}</Tag> },
        { title: t('hooks.attempts'), dataIndex: 'attempts' },
        { title: t('admin.when'), render: (_, d) => when(d.deliveredAt ?? d.createdAt) },
        {
          title: <ActionsHeader />, key: 'replay', render: (_, d) => (
            <Button size="small" onClick={() => void api(`/webhooks/${subscription.id}/deliveries/${encodeURIComponent(d.id)}/replay`, { body: {} })
              .then(() => { void message.success(t('hooks.replayed')); load(); }, (e: unknown) => void message.error(problemText(e)))}>{t('hooks.replay')}</Button>
          ),
        },
      ]} />
  );
}

/** Webhook subscriptions: add one (its signing secret is shown once), switch it on and off, remove it, and read its delivery log with replay. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string; events: string[]; description?: string }>();
  const [items, setItems] = useState<Subscription[] | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => void api<{ items: Subscription[] }>('/webhooks').then((r) => setItems(r.items), () => setItems([])), []);
  useEffect(load, [load]);
  const create = (v: { url: string; events: string[]; description?: string }) => {
    setError(null);
    void api<{ secret: string }>('/webhooks', { body: { url: v.url, events: v.events, ...(v.description ? { description: v.description } : {}) } }).then((s) => {
      setSecret(s.secret);
      form.resetFields();
      load();
    }, (e: unknown) => {
      const { fields, rest } = formProblems(e, ['url', 'events', 'description'] as const);
      form.setFields(fields);
      setError(rest);
    });
  };
  const change = (s: Subscription, patch: Partial<Subscription>) => void api(`/webhooks/${s.id}`, { method: 'PATCH', body: patch }).then(load, (e: unknown) => void message.error(problemText(e)));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="webhooks">
      <Card size="small" title={<Space><ApiOutlined />{t('hooks.new')}</Space>}>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ events: ['*'] }}>
          <Form.Item name="url" label={t('hooks.url')} rules={[{ required: true }, { pattern: /^https?:\/\//, message: t('hooks.urlRule') }]}><Input placeholder="https://" data-testid="hook-url" /></Form.Item>
          <Form.Item name="events" label={t('hooks.events')} rules={[{ required: true }]}><Select mode="multiple" options={EVENTS.map((e) => ({ value: e, label: e === '*' ? t('hooks.all') : e }))} /></Form.Item>
          <Form.Item name="description" label={t('designer.description')}><Input /></Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" data-testid="hook-create">{t('hooks.create')}</Button>
        </Form>
        {secret && (
          <Alert type="success" showIcon style={{ marginTop: 12 }} closable={{ onClose: () => setSecret(null) }} title={t('hooks.secret')}
            description={<Typography.Paragraph copyable code style={{ marginBottom: 0, wordBreak: 'break-all' }}>{secret}</Typography.Paragraph>} />
        )}
      </Card>
      <Table<Subscription> size="small" rowKey="id" loading={items === null} dataSource={items ?? []} scroll={{ x: 640 }}
        expandable={{ expandedRowRender: (s) => <Deliveries subscription={s} />, columnTitle: <ActionsHeader label={t('hooks.deliveries')} /> }}
        columns={[
          { title: t('hooks.url'), render: (_, s) => <><Typography.Text code>{s.url}</Typography.Text>{s.description && <div><Typography.Text type="secondary">{s.description}</Typography.Text></div>}</> },
          { title: t('hooks.events'), render: (_, s) => s.events.map((e) => <Tag key={e}>{e === '*' ? t('hooks.all') : e}</Tag>) },
          { title: t('admin.active'), render: (_, s) => <Switch checked={s.active} onChange={(active) => change(s, { active })} aria-label={t('admin.active')} /> },
          {
            title: <ActionsHeader />, key: 'remove', render: (_, s) => (
              <Popconfirm title={t('hooks.removeConfirm')} onConfirm={() => void api(`/webhooks/${s.id}`, { method: 'DELETE' }).then(load, (e: unknown) => void message.error(problemText(e)))}>
                <Button size="small" danger>{t('hooks.remove')}</Button>
              </Popconfirm>
            ),
          },
        ]} />
    </Space>
  );
}
