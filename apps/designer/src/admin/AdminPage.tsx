import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InstanceView } from '../shell/api';
import { InstanceDetail } from '../shell/InstanceDetail';

/** Admin: the organisation tree with its people, offboarding, the audit log with filters, and every request on its canvas. */

interface Department { id: string; name: string; parentId: string | null; headId: string | null }
interface Person { id: string; name: string; email: string; departments: string[]; managerId: string | null; roles: string[]; active: boolean }
interface AuditEntry { seq?: number; at: string; actor: { id: string } | string; action: string; record?: { type: string; id: string }; from?: unknown; to?: unknown }

function OrgTree() {
  const { t } = useTranslation();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [successor, setSuccessor] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    void api<{ items: Department[] }>('/org/departments').then((r) => setDepartments(r.items), () => undefined);
    void api<{ items: Person[] }>('/org/users?limit=500').then((r) => setPeople(r.items), () => undefined);
  }, []);
  useEffect(load, [load]);
  const offboard = (id: string) =>
    void api(`/org/users/${encodeURIComponent(id)}/offboard`, { body: successor ? { successorId: successor } : {} })
      .then(() => { setMessage(t('admin.offboarded', { id })); load(); }, (e: Error) => setMessage(e.message));
  const personRow = (p: Person) => (
    <li key={p.id} data-testid={`person-${p.id}`}>
      <strong>{p.name}</strong> ({p.id}) · {p.roles.join(', ')}{p.managerId ? ` · ${t('admin.manager')}: ${p.managerId}` : ''}
      {!p.active && <em> · {t('admin.inactive')}</em>}
      {p.active && <button type="button" className="danger small" onClick={() => offboard(p.id)}>{t('admin.offboard')}</button>}
    </li>
  );
  const branch = (parent: string | null) => departments.filter((d) => d.parentId === parent).map((d) => (
    <li key={d.id}>
      <span className="dept">{d.name}</span>{d.headId ? ` · ${d.headId}` : ''}
      <ul>{people.filter((p) => p.departments.includes(d.id)).map(personRow)}</ul>
      <ul>{branch(d.id)}</ul>
    </li>
  ));
  const placed = new Set(departments.map((d) => d.id));
  return (
    <section data-testid="org">
      <label>{t('admin.successor')} <input value={successor} onChange={(e) => setSuccessor(e.target.value)} /></label>
      {message && <p className="message">{message}</p>}
      <ul className="tree">{branch(null)}</ul>
      <h4>{t('admin.users')}</h4>
      <ul>{people.filter((p) => !p.departments.some((d) => placed.has(d))).map(personRow)}</ul>
    </section>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [items, setItems] = useState<AuditEntry[]>([]);
  useEffect(() => {
    // only the answer for the filters now shown: an earlier request answering late must not overwrite it
    let current = true;
    const q = new URLSearchParams({ limit: '100', ...(actor ? { actor } : {}), ...(action ? { action } : {}) });
    void api<{ items: AuditEntry[] }>(`/audit?${q}`).then((r) => current && setItems(r.items), () => current && setItems([]));
    return () => { current = false; };
  }, [actor, action]);
  return (
    <section data-testid="audit">
      <div className="row-actions">
        <input placeholder={t('admin.actor')} aria-label={t('admin.actor')} value={actor} onChange={(e) => setActor(e.target.value)} data-testid="audit-actor" />
        <input placeholder={t('admin.action')} aria-label={t('admin.action')} value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action" />
      </div>
      <table>
        <thead><tr><th>{t('admin.when')}</th><th>{t('admin.actor')}</th><th>{t('admin.action')}</th><th /></tr></thead>
        <tbody>
          {items.map((e, i) => (
            <tr key={e.seq ?? i} data-testid="audit-row">
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{typeof e.actor === 'string' ? e.actor : e.actor.id}</td>
              <td>{e.action}</td>
              <td>{e.record ? `${e.record.type} ${e.record.id}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Requests() {
  const [items, setItems] = useState<InstanceView[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void api<{ items: InstanceView[] }>('/instances?limit=100').then((r) => setItems(r.items), () => undefined);
  }, []);
  return (
    <section className="split" data-testid="admin-requests">
      <ul>{items.map((i) => <li key={i.id}><button type="button" className="link" onClick={() => setOpen(i.id)}>{i.serial} · {i.title} · {i.status}</button></li>)}</ul>
      {open && <InstanceDetail key={open} id={open} />}
    </section>
  );
}

export function AdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'org' | 'audit' | 'instances'>('org');
  return (
    <div className="admin page-column" data-testid="admin">
      <div className="tabs" role="tablist">
        {(['org', 'audit', 'instances'] as const).map((id) => <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`admin-tab-${id}`} onClick={() => setTab(id)}>{t(`admin.${id}`)}</button>)}
      </div>
      {tab === 'org' && <OrgTree />}
      {tab === 'audit' && <AuditLog />}
      {tab === 'instances' && <Requests />}
    </div>
  );
}
