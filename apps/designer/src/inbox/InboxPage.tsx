import { ArrowLeftOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Empty, Grid, List, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InstanceView, type TaskView } from '../shell/api';
import { InstanceDetail } from '../shell/InstanceDetail';
import { go } from '../shell/route';
import { StatusTag } from '../shell/StatusTag';
import { isTyping } from '../shell/keys';
import { TaskPanel } from './TaskPanel';
import { useMoment } from '../shell/i18n';
import { ListItemMeta } from '../shell/ListItemMeta';

/**
 * The approver's inbox: pending, done and copied-to-me. On a desk the list
 * and the open task sit side by side, with j/k to move and a/r to decide; on
 * a phone the task is its own page (#/inbox/<task>).
 */

type Tab = 'pending' | 'done' | 'copied';
const DONE = ['approved', 'rejected', 'returned', 'transferred'] as const;

function ShortcutHint() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" className="kbd-hint" data-testid="shortcut-hint" style={{ fontSize: 12 }}>
      <kbd>j</kbd>/<kbd>k</kbd> {t('inbox.keyMove')} · <kbd>a</kbd> {t('inbox.approve')} · <kbd>r</kbd> {t('inbox.reject')}
    </Typography.Text>
  );
}

export function InboxPage({ taskId }: { taskId?: string }) {
  const when = useMoment();
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [tab, setTab] = useState<Tab>('pending');
  const [pending, setPending] = useState<TaskView[] | null>(null);
  const [done, setDone] = useState<TaskView[]>([]);
  const [copied, setCopied] = useState<InstanceView[]>([]);
  const [request, setRequest] = useState<string | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    void api<{ items: TaskView[] }>('/tasks?status=pending&limit=200').then((r) => setPending(r.items), () => setPending([]));
    void Promise.all(DONE.map((s) => api<{ items: TaskView[] }>(`/tasks?status=${s}&limit=50`))).then((pages) =>
      setDone(pages.flatMap((p) => p.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt))), () => undefined);
    void api<{ items: InstanceView[] }>('/instances?copied=true&limit=50').then((r) => setCopied(r.items), () => undefined);
  }, []);
  useEffect(load, [load]);
  const openTask = (id: string) => { setRequest(null); setMessage(null); go('inbox', id); };
  const finished = (m: string) => {
    setMessage(m);
    setChecked(new Set());
    go('inbox');
    load();
  };

  // j/k walk the pending list on a desk; the open task answers a and r itself
  useEffect(() => {
    if (phone || tab !== 'pending' || !pending?.length) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const at = pending.findIndex((task) => task.id === taskId);
      const next = e.key === 'j' ? Math.min(at + 1, pending.length - 1) : Math.max(at - 1, 0);
      e.preventDefault();
      openTask(pending[next]!.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phone, tab, pending, taskId]);

  const bulkApprove = async () => {
    const results = await Promise.allSettled([...checked].map((id) => api(`/tasks/${encodeURIComponent(id)}/approve`, { body: {} })));
    finished(`${t('inbox.approve')}: ${results.filter((r) => r.status === 'fulfilled').length}/${results.length}`);
  };
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />;
  const taskRow = (task: TaskView, selectable: boolean) => (
    <List.Item key={task.id} className={`task-row${task.id === taskId ? ' current' : ''}`} onClick={() => openTask(task.id)}
      extra={task.status !== 'pending' ? <StatusTag status={task.status} /> : undefined}>
      {selectable && (
        <Checkbox aria-label={t('inbox.select')} checked={checked.has(task.id)} style={{ marginRight: 10 }} onClick={(e) => e.stopPropagation()} onChange={(e) => {
          const next = new Set(checked);
          if (e.target.checked) next.add(task.id);
          else next.delete(task.id);
          setChecked(next);
        }} />
      )}
      <ListItemMeta title={<span data-testid="task-item">{task.title}</span>} description={when(task.createdAt)} />
    </List.Item>
  );
  const list = (
    <>
      <Tabs activeKey={tab} onChange={(k) => setTab(k as Tab)} items={[
        {
          key: 'pending',
          label: <span data-testid="inbox-pending">{t('inbox.pendingTab')} <Badge count={pending?.length ?? 0} showZero color={pending?.length ? '#2463eb' : '#d0d5dd'} /></span>,
          children: (
            <>
              {(pending?.length ?? 0) > 0 && <Button block disabled={checked.size === 0} data-testid="bulk-approve" onClick={() => void bulkApprove()} style={{ marginBottom: 8 }}>{t('inbox.bulkApprove')}</Button>}
              {!phone && <ShortcutHint />}
              <List data-testid="pending-list" loading={pending === null} dataSource={pending ?? []} renderItem={(task) => taskRow(task, true)} locale={{ emptyText: empty }} />
            </>
          ),
        },
        {
          key: 'done',
          label: <span data-testid="inbox-done">{t('inbox.doneTab')} <Badge count={done.length} showZero color="#d0d5dd" /></span>,
          children: <List dataSource={done} renderItem={(task) => taskRow(task, false)} locale={{ emptyText: empty }} />,
        },
        {
          key: 'copied',
          label: <span data-testid="inbox-copied">{t('inbox.copiedTab')} <Badge count={copied.length} showZero color="#d0d5dd" /></span>,
          children: (
            <List dataSource={copied} locale={{ emptyText: empty }} renderItem={(i) => (
              <List.Item key={i.id} className={`task-row${request === i.id ? ' current' : ''}`} onClick={() => { setRequest(i.id); go('inbox'); }} extra={<StatusTag status={i.status} />}>
                <ListItemMeta title={i.title} description={i.serial} />
              </List.Item>
            )} />
          ),
        },
      ]} />
    </>
  );
  const back = <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => { setRequest(null); go('inbox'); }} aria-label={t('portal.back')} data-testid="back" />;
  const content = (
    <>
      {message && <Typography.Paragraph className="message" data-testid="inbox-message"><Badge status="success" /> {message}</Typography.Paragraph>}
      {taskId && <TaskPanel key={taskId} id={taskId} onDone={finished} back={phone ? back : undefined} shortcuts={!phone} />}
      {!taskId && request && <InstanceDetail key={request} id={request} extra={phone ? back : undefined} />}
      {!taskId && !request && !phone && !message && <Empty description={t('inbox.pickOne')} style={{ marginTop: 64 }} />}
    </>
  );
  if (phone) {
    return (
      <div className={`inbox page-pad${taskId ? ' with-action-bar' : ''}`} data-testid="inbox">
        {taskId || request ? content : <>{message && content}{list}</>}
      </div>
    );
  }
  return (
    <div className="inbox split-page" data-testid="inbox">
      <aside className="list">{list}</aside>
      <section className="content">{content}</section>
    </div>
  );
}
