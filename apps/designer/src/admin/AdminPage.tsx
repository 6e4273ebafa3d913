import { Button, Empty, Grid, Input, List, Radio, Space, Table, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InstanceView } from '../shell/api';
import { InstanceDetail } from '../shell/InstanceDetail';
import { StatusTag } from '../shell/StatusTag';
import { ApiKeysPage } from './ApiKeysPage';
import { OrgPage } from './OrgPage';
import { RolesPage } from './RolesPage';
import { SettingsPage } from './SettingsPage';
import { WebhooksPage } from './WebhooksPage';
import { useMoment } from '../shell/i18n';
import { useFocusableScrollers } from '../shell/keys';
import { ListItemMeta } from '../shell/ListItemMeta';

/** Admin: the organisation, its business roles and settings, the audit log with filters, every request on its canvas, API keys and webhook subscriptions. */

interface AuditEntry { seq?: number; at: string; actor: { id: string } | string; action: string; record?: { type: string; id: string }; from?: unknown; to?: unknown }

function AuditLog() {
  const when = useMoment();
  const { t } = useTranslation();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    // only the answer for the filters now shown: an earlier request answering late must not overwrite it
    let current = true;
    const q = new URLSearchParams({ limit: '100', ...(actor ? { actor } : {}), ...(action ? { action } : {}) });
    void api<{ items: AuditEntry[] }>(`/audit?${q}`).then((r) => current && setItems(r.items), () => current && setItems([]));
    return () => { current = false; };
  }, [actor, action]);
  return (
    <section data-testid="audit">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input allowClear placeholder={t('admin.actor')} aria-label={t('admin.actor')} value={actor} onChange={(e) => setActor(e.target.value)} data-testid="audit-actor" />
        <Input allowClear placeholder={t('admin.action')} aria-label={t('admin.action')} value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action" />
      </Space>
      <Table<AuditEntry> size="small" loading={items === null} dataSource={items ?? []} rowKey={(e) => String(e.seq ?? `${e.at}${e.action}`)} scroll={{ x: 640 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={() => ({ 'data-testid': 'audit-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.when'), render: (_, e) => when(e.at) },
          { title: t('admin.actor'), render: (_, e) => (typeof e.actor === 'string' ? e.actor : e.actor.id) },
          { title: t('admin.action'), dataIndex: 'action' },
          { title: t('admin.record'), render: (_, e) => (e.record ? `${e.record.type} ${e.record.id}` : '') },
        ]} />
    </section>
  );
}

function Requests() {
  const phone = !Grid.useBreakpoint().md;
  const [items, setItems] = useState<InstanceView[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void api<{ items: InstanceView[] }>('/instances?limit=100').then((r) => setItems(r.items), () => setItems([]));
  }, []);
  if (open && phone) return <InstanceDetail key={open} id={open} extra={<Button onClick={() => setOpen(null)}>←</Button>} />;
  return (
    <div className="split-page" data-testid="admin-requests" style={{ gap: 16 }}>
      <List style={{ width: phone ? '100%' : 340, flex: 'none' }} loading={items === null} dataSource={items ?? []} renderItem={(i) => (
        <List.Item className={`task-row${open === i.id ? ' current' : ''}`} onClick={() => setOpen(i.id)} extra={<StatusTag status={i.status} />}>
          <ListItemMeta title={i.title} description={i.serial} />
        </List.Item>
      )} />
      {!phone && <div style={{ flex: 1, minWidth: 0 }}>{open ? <InstanceDetail key={open} id={open} /> : <Empty />}</div>}
    </div>
  );
}

const ADMIN_TABLES = '.ant-table-content, .ant-table-body';
const TABS = ['org', 'businessRoles', 'settings', 'audit', 'instances', 'keys', 'webhooks'] as const;

export function AdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<(typeof TABS)[number]>('org');
  const phone = !Grid.useBreakpoint().md;
  useFocusableScrollers(ADMIN_TABLES);
  const label = (id: (typeof TABS)[number]) => <span data-testid={`admin-tab-${id}`}>{t(`admin.${id}`)}</span>;
  const body = { org: <OrgPage />, businessRoles: <RolesPage />, settings: <SettingsPage />, audit: <AuditLog />, instances: <Requests />, keys: <ApiKeysPage />, webhooks: <WebhooksPage /> };
  return (
    <div className="admin page-pad" data-testid="admin">
      {/* on a phone the seven sections wrap as buttons: a tab bar would hide some behind a "more" button inside its tablist */}
      <Tabs activeKey={tab} onChange={(k) => setTab(k as typeof tab)} destroyOnHidden
        renderTabBar={phone ? () => (
          <Radio.Group className="admin-sections" optionType="button" size="small" value={tab} onChange={(e) => setTab(e.target.value as typeof tab)} aria-label={t('app.admin')}
            options={TABS.map((id) => ({ value: id, label: label(id) }))} />
        ) : undefined}
        items={TABS.map((id) => ({ key: id, label: label(id), children: body[id] }))} />
    </div>
  );
}
