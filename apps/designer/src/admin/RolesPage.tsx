import { ImportOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Grid, Input, List, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemText, renamePointers } from '../shell/api';
import { DepartmentPicker } from '../shell/DepartmentPicker';
import { useDirectory } from '../shell/directory';
import { PeoplePicker } from '../shell/PeoplePicker';
import { useFormSubmit } from '../shell/useFormSubmit';
import { CsvImport } from './CsvImport';
import { ActionsHeader } from './ActionsHeader';
import { ListItemMeta } from '../shell/ListItemMeta';

/** Business roles (finance, HR BP, legal...) as apps/engine/src/org/roles.dto.ts answers them. */
interface RoleFields { code: string; name: { en: string; zh: string }; scoped: boolean; description: string }
interface RoleSummary extends RoleFields { holders: number }
interface Holder { userId: string; name: string; departmentId: string | null }

const FIELDS = ['code', 'nameEn', 'nameZh', 'scoped', 'description'] as const;
interface RoleValues { code: string; nameEn: string; nameZh: string; scoped: boolean; description?: string }

/** The engine names /body/name/en; the form has the field nameEn. */
const flatNames = (pointer: string) => pointer.replace(/^\/body\/name\/(en|zh)$/, (_, l: string) => `/body/name${l === 'en' ? 'En' : 'Zh'}`);

function useRoleName() {
  const { i18n } = useTranslation();
  return (r: Pick<RoleFields, 'name'>) => (i18n.language.startsWith('zh') ? r.name.zh : r.name.en);
}

function RoleForm({ role, onClose, onSaved }: { role: RoleFields | null; onClose(): void; onSaved(message: string): void }) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<RoleValues>();
  const { submit, error, busy } = useFormSubmit(form, FIELDS, async (v: RoleValues) => {
    const body = { name: { en: v.nameEn, zh: v.nameZh }, scoped: v.scoped, description: v.description ?? '' };
    try {
      if (role) await api(`/org/business-roles/${encodeURIComponent(role.code)}`, { method: 'PATCH', body });
      else await api('/org/business-roles', { body: { code: v.code, ...body } });
    } catch (e) {
      throw renamePointers(e, flatNames);
    }
    return t('broles.saved', { code: v.code });
  }, onSaved);
  const initial: Partial<RoleValues> = role
    ? { code: role.code, nameEn: role.name.en, nameZh: role.name.zh, scoped: role.scoped, description: role.description }
    : { scoped: false };
  return (
    <Drawer open title={role ? t('broles.edit') : t('broles.new')} onClose={onClose} size={phone ? '100%' : 460} destroyOnHidden data-testid="role-form"
      extra={<Space><Button onClick={onClose}>{t('admin.cancel')}</Button><Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="role-save">{t('admin.save')}</Button></Space>}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={initial}>
        {/* the engine's rule for codes is the one that counts: its problem shows here */}
        <Form.Item name="code" label={t('broles.code')} rules={[{ required: true }]} extra={t('broles.codeHint')}>
          <Input disabled={!!role} data-testid="role-code" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('broles.nameEn')} rules={[{ required: true }]}><Input data-testid="role-name-en" /></Form.Item>
        <Form.Item name="nameZh" label={t('broles.nameZh')} rules={[{ required: true }]}><Input data-testid="role-name-zh" /></Form.Item>
        <Form.Item name="scoped" label={t('broles.scoped')} valuePropName="checked" extra={t('broles.scopedHint')}><Switch data-testid="role-scoped" /></Form.Item>
        <Form.Item name="description" label={t('broles.description')}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Drawer>
  );
}

/** Who holds a role: add a person (and, for a per-department role, the department), remove one. */
function Holders({ role, onClose, onChanged }: { role: RoleFields; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const roleName = useRoleName();
  const { departments, people } = useDirectory();
  const [items, setItems] = useState<Holder[] | null>(null);
  const [userId, setUserId] = useState<string | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const path = `/org/business-roles/${encodeURIComponent(role.code)}/holders`;
  const load = useCallback(() => void api<{ items: Holder[] }>(path).then((r) => setItems(r.items), () => setItems([])), [path]);
  useEffect(load, [load]);
  const changed = (text: string) => { void message.success(text); load(); onChanged(); };
  const add = () => {
    setError(null);
    void api<{ userId: string }>(path, { body: { userId, ...(role.scoped && departmentId ? { departmentId } : {}) } }).then(() => {
      setUserId(undefined);
      // the Add button is disabled now: the keyboard goes back to the picker, ready for the next holder (and Escape still closes the drawer)
      document.getElementById('holder-person-input')?.focus();
      changed(t('broles.added', { name: people.find((p) => p.id === userId)?.name ?? userId, role: roleName(role) }));
    }, (e: unknown) => setError(problemText(e)));
  };
  const where = (id: string | null) => (id ? departments.find((d) => d.id === id)?.name ?? id : null);
  return (
    <Drawer open title={`${roleName(role)} · ${t('broles.holders')}`} onClose={onClose} size={phone ? '100%' : 480} destroyOnHidden data-testid="role-holders">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <PeoplePicker id="holder-person-input" value={userId} onChange={(v) => setUserId(typeof v === 'string' ? v : undefined)} testId="holder-person" />
        {role.scoped && <DepartmentPicker value={departmentId} onChange={(v) => setDepartmentId(typeof v === 'string' ? v : undefined)} testId="holder-department" />}
        <Button type="primary" icon={<PlusOutlined />} disabled={!userId} onClick={add} data-testid="holder-add">{t('broles.addHolder')}</Button>
        {error && <Alert type="error" showIcon title={error} data-testid="holder-error" />}
      </Space>
      <List style={{ marginTop: 16 }} loading={items === null} dataSource={items ?? []} locale={{ emptyText: t('broles.noHolders') }} data-testid="holder-list"
        renderItem={(h) => (
          <List.Item data-testid={`holder-${h.userId}`} actions={[
            <Popconfirm key="remove" title={t('broles.removeConfirm', { name: h.name })} onConfirm={() => void api(`${path}/${encodeURIComponent(h.userId)}${h.departmentId ? `?departmentId=${encodeURIComponent(h.departmentId)}` : ''}`, { method: 'DELETE' })
              .then(() => changed(t('broles.removed', { name: h.name })), (e: unknown) => void message.error(problemText(e)))}>
              <Button size="small" danger>{t('broles.remove')}</Button>
            </Popconfirm>,
          ]}>
            <ListItemMeta title={h.name} description={[h.userId, where(h.departmentId)].filter(Boolean).join(' · ')} />
          </List.Item>
        )} />
    </Drawer>
  );
}

/** Business roles: a table of them with how many hold each; create, edit and delete them, name their holders, import holders from CSV. */
export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roleName = useRoleName();
  const phone = !Grid.useBreakpoint().md;
  const [items, setItems] = useState<RoleSummary[] | null>(null);
  const [editing, setEditing] = useState<RoleFields | 'new' | null>(null);
  const [holders, setHolders] = useState<RoleFields | null>(null);
  const [importing, setImporting] = useState(false);
  const load = useCallback(() => void api<{ items: RoleSummary[] }>('/org/business-roles').then((r) => setItems(r.items), () => setItems([])), []);
  useEffect(load, [load]);
  const done = (text: string) => { void message.success(text); setEditing(null); setImporting(false); load(); };
  const code = (c: string) => <Typography.Text code>{c}</Typography.Text>;
  const name = (r: RoleSummary) => <>{roleName(r)}{r.description && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.description}</Typography.Text></div>}</>;
  const scope = (r: RoleSummary) => (r.scoped ? <Tag color="blue">{t('broles.scoped')}</Tag> : <Tag>{t('broles.global')}</Tag>);
  const count = (n: number) => <span data-testid="role-holder-count">{n}</span>;
  const actions = (r: RoleSummary) => (
    <Space wrap>
      <Button size="small" onClick={() => setHolders(r)} data-testid="role-holders-open">{t('broles.holders')}</Button>
      <Button size="small" onClick={() => setEditing(r)} data-testid="role-edit">{t('admin.edit')}</Button>
      <Popconfirm title={t('broles.deleteConfirm', { code: r.code })} onConfirm={() => void api(`/org/business-roles/${encodeURIComponent(r.code)}`, { method: 'DELETE' })
        .then(() => done(t('broles.deleted', { code: r.code })), (e: unknown) => void message.error(problemText(e)))}>
        <Button size="small" danger>{t('broles.delete')}</Button>
      </Popconfirm>
    </Space>
  );
  return (
    // on a phone the tab names the page already: the buttons get the whole width
    <Card size="small" data-testid="business-roles" title={phone ? undefined : <Space><TeamOutlined />{t('admin.businessRoles')}</Space>}
      extra={(
        <Space wrap>
          <Button size="small" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="holders-import-open">{t('broles.import')}</Button>
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-role">{t('broles.new')}</Button>
        </Space>
      )}>
      <Table<RoleSummary> size="small" rowKey="code" loading={items === null} dataSource={items ?? []} scroll={phone ? undefined : { x: 600 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `role-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={phone ? [
          // a phone has one column: the role, then what it is, then what can be done, all inside the card's width
          { title: t('broles.name'), key: 'role', render: (_, r) => (
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <span>{name(r)} {code(r.code)}</span>
              <Space wrap size={4}>{scope(r)}<Tag>{t('broles.holderCount')}: {count(r.holders)}</Tag></Space>
              {actions(r)}
            </Space>
          ) },
        ] : [
          { title: t('broles.code'), dataIndex: 'code', render: code },
          { title: t('broles.name'), render: (_, r) => name(r) },
          { title: t('broles.scoped'), render: (_, r) => scope(r) },
          { title: t('broles.holderCount'), dataIndex: 'holders', render: count },
          { title: <ActionsHeader />, key: 'actions', render: (_, r) => actions(r) },
        ]} />
      {editing && <RoleForm role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={done} />}
      {holders && <Holders role={holders} onClose={() => setHolders(null)} onChanged={load} />}
      {importing && <CsvImport path="/org/business-roles/holders/import" template={'role,userId,departmentId\n'} title={t('broles.import')} hint={t('broles.importHint')}
        testId="holders-import" onClose={() => setImporting(false)} onImported={(count) => done(t('broles.imported', { count }))} />}
    </Card>
  );
}
