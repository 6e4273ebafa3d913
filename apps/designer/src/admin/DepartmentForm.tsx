import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../shell/api';
import { DepartmentPicker } from '../shell/DepartmentPicker';
import type { DirectoryDepartment } from '../shell/directory';
import { PeoplePicker } from '../shell/PeoplePicker';
import { useFormSubmit } from '../shell/useFormSubmit';

const FIELDS = ['id', 'name', 'parentId', 'headId'] as const;

/** Create a department, or rename, move or give a head to one; the engine's problems appear beside their field. */
export function DepartmentForm({ department, parentId, onClose, onSaved }: { department: DirectoryDepartment | null; parentId: string | null; onClose(): void; onSaved(message: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { submit, error, busy } = useFormSubmit(form, FIELDS, async (v: { id: string; name: string; parentId?: string; headId?: string }) => {
    const body = { name: v.name, parentId: v.parentId ?? null, ...(v.headId !== undefined ? { headId: v.headId ?? null } : {}) };
    if (department) await api(`/org/departments/${encodeURIComponent(department.id)}`, { method: 'PATCH', body });
    else await api('/org/departments', { body: { id: v.id, ...body } });
    return t('admin.savedDepartment', { name: v.name });
  }, onSaved);
  return (
    <Modal open title={department ? t('admin.editDepartment') : t('admin.newDepartment')} onCancel={onClose} onOk={() => form.submit()} okText={t('admin.save')}
      okButtonProps={{ loading: busy, 'data-testid': 'dept-save' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={department ?? { parentId: parentId ?? undefined }}>
        <Form.Item name="id" label={t('admin.id')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: t('admin.idRule') }]} extra={t('admin.idHint')}>
          <Input disabled={!!department} data-testid="dept-id" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true }]}><Input data-testid="dept-name" /></Form.Item>
        <Form.Item name="parentId" label={t('admin.parent')}><DepartmentPicker testId="dept-parent" onChange={(v) => form.setFieldValue('parentId', v)} /></Form.Item>
        {department && <Form.Item name="headId" label={t('admin.head')}><PeoplePicker testId="dept-head" onChange={(v) => form.setFieldValue('headId', v ?? null)} /></Form.Item>}
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
