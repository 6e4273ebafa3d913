import { Alert, Button, Checkbox, Drawer, Form, Grid, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../shell/api';
import { DepartmentPicker } from '../shell/DepartmentPicker';
import type { DirectoryPerson } from '../shell/directory';
import { PeoplePicker } from '../shell/PeoplePicker';
import { useFormSubmit } from '../shell/useFormSubmit';

const FIELDS = ['id', 'name', 'email', 'phone', 'departments', 'managerId', 'roles', 'adminOf', 'password'] as const;

interface PersonValues { id: string; name: string; email: string; phone?: string; departments?: string[]; managerId?: string | null; roles?: string[]; adminOf?: string[]; password?: string }

/** Add a person, or change one: name, e-mail, departments, manager, access roles and the departments they administer. */
export function PersonForm({ person, departmentId, onClose, onSaved }: { person: DirectoryPerson | null; departmentId: string | null; onClose(): void; onSaved(message: string): void }) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<PersonValues>();
  const { submit, error, busy } = useFormSubmit(form, FIELDS, async (v: PersonValues) => {
    const body = {
      name: v.name, email: v.email, departments: v.departments ?? [], managerId: v.managerId ?? null, roles: v.roles?.length ? v.roles : ['member'],
      adminOf: v.adminOf ?? [], ...(v.phone ? { phone: v.phone } : {}), ...(v.password ? { password: v.password } : {}),
    };
    if (person) await api(`/org/users/${encodeURIComponent(person.id)}`, { method: 'PATCH', body });
    else await api('/org/users', { body: { id: v.id, ...body } });
    return t('admin.savedPerson', { name: v.name });
  }, onSaved);
  const initial: Partial<PersonValues> = person
    ? { ...person, phone: (person as { phone?: string }).phone ?? undefined, adminOf: (person as { adminOf?: string[] }).adminOf ?? [] }
    : { departments: departmentId ? [departmentId] : [], roles: ['member'] };
  return (
    <Drawer open title={person ? t('admin.editPerson') : t('admin.newPerson')} onClose={onClose} size={phone ? '100%' : 460} destroyOnHidden data-testid="person-form"
      extra={<Space><Button onClick={onClose}>{t('admin.cancel')}</Button><Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="person-save">{t('admin.save')}</Button></Space>}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={initial}>
        <Form.Item name="id" label={t('admin.id')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: t('admin.idRule') }]} extra={t('admin.idHint')}>
          <Input disabled={!!person} data-testid="person-id" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true }]}><Input data-testid="person-name" /></Form.Item>
        <Form.Item name="email" label={t('login.email')} rules={[{ required: true }, { type: 'email' }]}><Input type="email" data-testid="person-email" /></Form.Item>
        <Form.Item name="phone" label={t('admin.phone')}><Input data-testid="person-phone" /></Form.Item>
        <Form.Item name="departments" label={t('admin.departments')}><DepartmentPicker multiple testId="person-departments" onChange={(v) => form.setFieldValue('departments', v ?? [])} /></Form.Item>
        <Form.Item name="managerId" label={t('admin.manager')}><PeoplePicker testId="person-manager" exclude={person ? [person.id] : []} onChange={(v) => form.setFieldValue('managerId', v ?? null)} /></Form.Item>
        <Form.Item name="roles" label={t('admin.roles')}>
          <Checkbox.Group options={[{ value: 'member', label: t('roles.member') }, { value: 'superAdmin', label: t('roles.superAdmin') }]} />
        </Form.Item>
        <Form.Item name="adminOf" label={t('admin.adminOf')} extra={t('admin.adminOfHint')}><DepartmentPicker multiple testId="person-admin-of" onChange={(v) => form.setFieldValue('adminOf', v ?? [])} /></Form.Item>
        {!person && <Form.Item name="password" label={t('login.password')} extra={t('admin.passwordHint')}><Input.Password autoComplete="new-password" /></Form.Item>}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Drawer>
  );
}
