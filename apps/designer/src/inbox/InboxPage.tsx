import type { Definition } from '@baton/dsl';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type InstanceView, type TaskView } from '../shell/api';
import { publishedDefinition } from '../shell/definitions';
import { FormRenderer, type FormData, type Permission } from '../shell/FormRenderer';
import { InstanceDetail } from '../shell/InstanceDetail';
import { Watermark } from '../shell/Watermark';
import { SignatureInput } from '../shell/SignatureInput';

/** The approver's inbox: pending, done and copied-to-me, a task with the form under its node's permissions, and the decisions. */

type Tab = 'pending' | 'done' | 'copied';
const DONE = ['approved', 'rejected', 'returned', 'transferred'] as const;

interface TaskDetail {
  task: TaskView;
  instance: InstanceView;
  fields: Record<string, Permission>;
}

function TaskPanel({ id, onDone }: { id: string; onDone(message: string): void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [changes, setChanges] = useState<FormData>({});
  const [comment, setComment] = useState('');
  const [signature, setSignature] = useState<string | undefined>();
  const [to, setTo] = useState('');
  const [returnTo, setReturnTo] = useState('previous');
  const [position, setPosition] = useState<'before' | 'after'>('before');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<TaskDetail>(`/tasks/${encodeURIComponent(id)}`).then(async (d) => {
      setDetail(d);
      setDefinition(await publishedDefinition(d.instance.definitionId, d.instance.version));
    });
  }, [id]);
  if (!detail || !definition) return null;
  const node = definition.nodes.find((n) => n.id === detail.task.node);
  const needsSignature = (node?.config as { requireSignature?: boolean } | undefined)?.requireSignature === true;
  const pending = detail.task.status === 'pending';
  const act = async (path: string, body: Record<string, unknown>, message: string) => {
    try {
      await api(`/tasks/${encodeURIComponent(id)}/${path}`, { body });
      onDone(message);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} ${e.problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}` : String(e));
    }
  };
  const decision = () => ({ ...(comment ? { comment } : {}), ...(Object.keys(changes).length ? { changes } : {}), ...(signature ? { signature } : {}) });
  return (
    <section className="task" data-testid="task-detail" style={{ position: 'relative' }}>
      <Watermark mark={detail.instance.watermark} />
      <h3>{detail.task.title}</h3>
      <p className="muted">{detail.instance.serial} · {detail.instance.createdBy}</p>
      <FormRenderer
        fields={definition.form.fields}
        value={{ ...(detail.instance.form ?? {}), ...changes }}
        permissions={pending ? detail.fields : Object.fromEntries(Object.entries(detail.fields).map(([k, v]) => [k, v === 'hidden' ? 'hidden' : 'readonly']))}
        onChange={pending ? (next) => setChanges(Object.fromEntries(Object.entries(next).filter(([k]) => detail.fields[k] === 'editable'))) : undefined}
        idPrefix="task"
      />
      {pending && (
        <div className="decide">
          <label>{t('inbox.comment')}<textarea value={comment} onChange={(e) => setComment(e.target.value)} data-testid="decision-comment" /></label>
          {/* not a <label>: a click in a label presses its first button, the pad's Clear */}
          {needsSignature && <div role="group" aria-label={t('inbox.sign')}>{t('inbox.sign')}<SignatureInput value={signature} onChange={setSignature} /></div>}
          <div className="row-actions">
            <button type="button" className="primary" data-testid="approve" onClick={() => void act('approve', decision(), t('status.approved'))}>{t('inbox.approve')}</button>
            <button type="button" className="danger" data-testid="reject" onClick={() => void act('reject', decision(), t('status.rejected'))}>{t('inbox.reject')}</button>
          </div>
          <div className="row-actions">
            <select value={returnTo} onChange={(e) => setReturnTo(e.target.value)} aria-label={t('inbox.returnTo')} data-testid="return-to">
              <option value="previous">{t('inbox.previous')}</option>
              <option value="initiator">{t('inbox.initiator')}</option>
            </select>
            <button type="button" data-testid="return" onClick={() => void act('return', { to: returnTo, ...(comment ? { comment } : {}) }, t('status.returned'))}>{t('inbox.return')}</button>
          </div>
          <div className="row-actions">
            <input value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('inbox.to')} data-testid="transfer-to" />
            <button type="button" disabled={!to} data-testid="transfer" onClick={() => void act('transfer', { to, ...(comment ? { comment } : {}) }, t('status.transferred'))}>{t('inbox.transfer')}</button>
            <select value={position} onChange={(e) => setPosition(e.target.value as 'before' | 'after')} data-testid="signer-position">
              <option value="before">{t('inbox.before')}</option>
              <option value="after">{t('inbox.after')}</option>
            </select>
            <button type="button" disabled={!to} data-testid="add-signer" onClick={() => void act('add-signer', { who: to, position }, t('inbox.addSigner'))}>{t('inbox.addSigner')}</button>
          </div>
          {error && <p className="field-error" role="alert">{error}</p>}
        </div>
      )}
    </section>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('pending');
  const [pending, setPending] = useState<TaskView[]>([]);
  const [done, setDone] = useState<TaskView[]>([]);
  const [copied, setCopied] = useState<InstanceView[]>([]);
  const [open, setOpen] = useState<{ task?: string; instance?: string } | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    void api<{ items: TaskView[] }>('/tasks?status=pending&limit=200').then((r) => setPending(r.items));
    void Promise.all(DONE.map((s) => api<{ items: TaskView[] }>(`/tasks?status=${s}&limit=50`))).then((pages) =>
      setDone(pages.flatMap((p) => p.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt))));
    void api<{ items: InstanceView[] }>('/instances?copied=true&limit=50').then((r) => setCopied(r.items));
  }, []);
  useEffect(load, [load]);
  const finished = (m: string) => {
    setMessage(m);
    setOpen(null);
    setChecked(new Set());
    load();
  };
  const bulkApprove = async () => {
    const results = await Promise.allSettled([...checked].map((id) => api(`/tasks/${encodeURIComponent(id)}/approve`, { body: {} })));
    finished(`${t('inbox.approve')}: ${results.filter((r) => r.status === 'fulfilled').length}/${results.length}`);
  };
  const tabs: Array<[Tab, string]> = [
    ['pending', t('inbox.pending', { count: pending.length })],
    ['done', t('inbox.done', { count: done.length })],
    ['copied', t('inbox.copied', { count: copied.length })],
  ];
  return (
    <div className="inbox page" data-testid="inbox">
      <aside className="list">
        <div className="tabs" role="tablist">
          {tabs.map(([id, label]) => <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`inbox-${id}`} onClick={() => setTab(id)}>{label}</button>)}
        </div>
        {tab === 'pending' && (
          <>
            <button type="button" disabled={checked.size === 0} data-testid="bulk-approve" onClick={() => void bulkApprove()}>{t('inbox.bulkApprove')}</button>
            <ul data-testid="pending-list">
              {pending.map((task) => (
                <li key={task.id}>
                  <input type="checkbox" aria-label={t('inbox.select')} checked={checked.has(task.id)} onChange={(e) => {
                    const next = new Set(checked);
                    if (e.target.checked) next.add(task.id);
                    else next.delete(task.id);
                    setChecked(next);
                  }} />
                  <button type="button" className="link" data-testid="task-item" onClick={() => setOpen({ task: task.id })}>{task.title}</button>
                </li>
              ))}
            </ul>
          </>
        )}
        {tab === 'done' && (
          <ul>
            {done.map((task) => <li key={task.id}><button type="button" className="link" onClick={() => setOpen({ task: task.id })}>{task.title} · <em>{t(`status.${task.status}`, task.status)}</em></button></li>)}
          </ul>
        )}
        {tab === 'copied' && (
          <ul>
            {copied.map((i) => <li key={i.id}><button type="button" className="link" onClick={() => setOpen({ instance: i.id })}>{i.serial} · {i.title}</button></li>)}
          </ul>
        )}
        {((tab === 'pending' && pending.length === 0) || (tab === 'done' && done.length === 0) || (tab === 'copied' && copied.length === 0)) && <p className="muted">{t('inbox.empty')}</p>}
      </aside>
      <main className="content">
        {message && <p className="message" data-testid="inbox-message">{message}</p>}
        {open?.task && <TaskPanel key={open.task} id={open.task} onDone={finished} />}
        {open?.instance && <InstanceDetail key={open.instance} id={open.instance} />}
      </main>
    </div>
  );
}
