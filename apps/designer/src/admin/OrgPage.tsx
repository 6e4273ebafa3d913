import { ApartmentOutlined, ImportOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Popconfirm, Row, Space, Table, Tag, Tooltip, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemText } from '../shell/api';
import { departmentTree } from '../shell/DepartmentPicker';
import { departmentNames, useDirectory, type DirectoryDepartment, type DirectoryPerson } from '../shell/directory';
import { PeoplePicker } from '../shell/PeoplePicker';
import { CsvImport } from './CsvImport';
import { DepartmentForm } from './DepartmentForm';
import { PersonForm } from './PersonForm';
import { ActionsHeader } from './ActionsHeader';

/** The two CSV imports of the page: people, and departments; each with its engine path and first line. */
const IMPORTS = {
  people: { path: '/org/users/import', template: 'id,email,name,departments,managerId\n', title: 'admin.importPeople', hint: 'admin.importPeopleHint', done: 'admin.importedPeople' },
  departments: { path: '/org/departments/import', template: 'id,name,parentId,headId\n', title: 'admin.importDepartments', hint: 'admin.importDepartmentsHint', done: 'admin.importedDepartments' },
} as const;

/** The organisation: departments as a tree, the people of the chosen one in a table; both created and edited here. */
export function OrgPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { people, departments, load, reload } = useDirectory();
  const [selected, setSelected] = useState<string | null>(null);
  const [department, setDepartment] = useState<DirectoryDepartment | 'new' | null>(null);
  const [person, setPerson] = useState<DirectoryPerson | 'new' | null>(null);
  const [successor, setSuccessor] = useState<string | undefined>();
  const [importing, setImporting] = useState<keyof typeof IMPORTS | null>(null);
  const csv = importing ? IMPORTS[importing] : null;
  useEffect(() => {
    void load();
  }, [load]);
  const tree = useMemo(() => {
    const titled = (nodes: ReturnType<typeof departmentTree>): Array<{ key: string; title: React.ReactNode; children: unknown[] }> => nodes.map((n) => ({
      key: n.value,
      title: <span data-testid={`dept-${n.value}`}>{n.title} <Typography.Text type="secondary">({people.filter((p) => p.departments.includes(n.value)).length})</Typography.Text></span>,
      children: titled(n.children),
    }));
    return titled(departmentTree(departments));
  }, [departments, people]);
  const shown = selected ? people.filter((p) => p.departments.includes(selected)) : people;
  const chosen = departments.find((d) => d.id === selected) ?? null;
  const name = (id: string | null | undefined) => (id ? people.find((p) => p.id === id)?.name ?? id : '—');
  const offboard = (p: DirectoryPerson) => void api(`/org/users/${encodeURIComponent(p.id)}/offboard`, { body: successor ? { successorId: successor } : {} })
    .then(() => { void message.success(t('admin.offboarded', { id: p.name })); void reload(); }, (e: unknown) => void message.error(problemText(e)));
  const saved = (text: string) => { void message.success(text); setDepartment(null); setPerson(null); setImporting(null); void reload(); };
  return (
    <Row gutter={[16, 16]} data-testid="org">
      <Col xs={24} lg={8}>
        <Card size="small" title={<Space><ApartmentOutlined />{t('admin.departments')}</Space>}
          extra={(
            <Space wrap>
              {/* an icon beside "New department": the card's column is narrow and keeps its title */}
              <Tooltip title={t('admin.importDepartments')}>
                <Button size="small" icon={<ImportOutlined />} aria-label={t('admin.importDepartments')} onClick={() => setImporting('departments')} data-testid="departments-import-open" />
              </Tooltip>
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDepartment('new')} data-testid="new-department">{t('admin.newDepartment')}</Button>
            </Space>
          )}>
          {/* the tree is keyed by the count: departments added (by an import) show expanded like the first ones */}
          {departments.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
            <Tree key={departments.length} treeData={tree as never} defaultExpandAll blockNode selectedKeys={selected ? [selected] : []} onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)} data-testid="dept-tree" />
          )}
          {chosen && (
            <Space wrap style={{ marginTop: 12 }}>
              <Button size="small" onClick={() => setDepartment(chosen)} data-testid="edit-department">{t('admin.editDepartment')}</Button>
              <Popconfirm title={t('admin.archiveConfirm', { name: chosen.name })} onConfirm={() => void api(`/org/departments/${encodeURIComponent(chosen.id)}`, { method: 'DELETE' })
                .then(() => { setSelected(null); saved(t('admin.archived', { name: chosen.name })); }, (e: unknown) => void message.error(problemText(e)))}>
                <Button size="small" danger>{t('admin.archive')}</Button>
              </Popconfirm>
              <Typography.Text type="secondary">{t('admin.head')}: {name(chosen.headId)}</Typography.Text>
            </Space>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card size="small" title={chosen ? chosen.name : t('admin.everyone')}
          extra={(
            <Space wrap>
              <Button size="small" icon={<ImportOutlined />} onClick={() => setImporting('people')} data-testid="people-import-open">{t('admin.importPeople')}</Button>
              <Button size="small" type="primary" icon={<UserAddOutlined />} onClick={() => setPerson('new')} data-testid="new-person">{t('admin.newPerson')}</Button>
            </Space>
          )}>
          <Table<DirectoryPerson>
            size="small"
            rowKey="id"
            dataSource={shown}
            scroll={{ x: 720 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(p) => ({ 'data-testid': `person-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('admin.name'), dataIndex: 'name', render: (_, p) => <><strong>{p.name}</strong><br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.id} · {p.email}</Typography.Text></> },
              { title: t('admin.departments'), render: (_, p) => departmentNames(p, departments) },
              { title: t('admin.manager'), render: (_, p) => name(p.managerId) },
              { title: t('admin.roles'), render: (_, p) => p.roles.map((r) => <Tag key={r} color={r === 'superAdmin' ? 'gold' : undefined}>{t(`roles.${r}`, r)}</Tag>) },
              { title: t('admin.status'), render: (_, p) => (p.active === false ? <Tag>{t('admin.inactive')}</Tag> : <Tag color="success">{t('admin.active')}</Tag>) },
              {
                title: <ActionsHeader />, key: 'actions', render: (_, p) => (
                  <Space>
                    <Button size="small" onClick={() => setPerson(p)} data-testid="edit-person">{t('admin.edit')}</Button>
                    {p.active !== false && (
                      <Popconfirm title={t('admin.offboardConfirm', { name: p.name })} description={<div style={{ width: 240 }}>{t('admin.successor')}<PeoplePicker value={successor} exclude={[p.id]} onChange={(v) => setSuccessor(typeof v === 'string' ? v : undefined)} /></div>} onConfirm={() => offboard(p)}>
                        <Button size="small" danger>{t('admin.offboard')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {department && <DepartmentForm department={department === 'new' ? null : department} parentId={selected} onClose={() => setDepartment(null)} onSaved={saved} />}
      {person && <PersonForm person={person === 'new' ? null : person} departmentId={selected} onClose={() => setPerson(null)} onSaved={saved} />}
      {importing && csv && <CsvImport key={importing} path={csv.path} template={csv.template} title={t(csv.title)} hint={t(csv.hint)}
        testId={`${importing}-import`} onClose={() => setImporting(null)} onImported={(count) => saved(t(csv.done, { count }))} />}
    </Row>
  );
}
