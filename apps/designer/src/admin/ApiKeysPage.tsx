import { KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, formProblems, problemText } from '../shell/api';
import { useMoment } from '../shell/i18n';
import { ActionsHeader } from './ActionsHeader';

interface ApiKey { id: string; name: string; role: string; createdBy: string; createdAt: string; revokedAt: string | null }

/** API keys of the organisation: create one (its secret is shown once), list them, revoke one. */
export function ApiKeysPage() {
  const when = useMoment();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; role: string }>();
  const [items, setItems] = useState<ApiKey[] | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const load = useCallback(() => void api<{ items: ApiKey[] }>('/api-keys').then((r) => setItems(r.items), () => setItems([])), []);
  useEffect(load, [load]);
  const create = (v: { name: string; role: string }) => void api<{ key: string; name: string }>('/api-keys', { body: v }).then((k) => {
    setCreated(k);
    form.resetFields();
    load();
  }, (e: unknown) => form.setFields(formProblems(e, ['name', 'role'] as const).fields));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="api-keys">
      <Card size="small" title={<Space><KeyOutlined />{t('keys.new')}</Space>}>
        <Form form={form} layout="inline" onFinish={create} initialValues={{ role: 'member' }} style={{ rowGap: 8 }}>
          <Form.Item name="name" label={t('keys.name')} rules={[{ required: true }]}><Input data-testid="key-name" /></Form.Item>
          <Form.Item name="role" label={t('keys.role')}><Select style={{ width: 160 }} options={[{ value: 'member', label: t('roles.member') }, { value: 'superAdmin', label: t('roles.superAdmin') }]} /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="key-create">{t('keys.create')}</Button>
        </Form>
        {created && (
          <Alert type="success" showIcon style={{ marginTop: 12 }} closable={{ onClose: () => setCreated(null) }} title={t('keys.created', { name: created.name })}
            description={<><Typography.Paragraph copyable code data-testid="key-secret" style={{ marginBottom: 4, wordBreak: 'break-all' }}>{created.key}</Typography.Paragraph>{t('keys.once')}</>} />
        )}
      </Card>
      <Table<ApiKey> size="small" rowKey="id" loading={items === null} dataSource={items ?? []} scroll={{ x: 600 }}
        columns={[
          { title: t('keys.name'), dataIndex: 'name' },
          { title: t('keys.role'), render: (_, k) => <Tag>{t(`roles.${k.role}`, k.role)}</Tag> },
          { title: t('keys.createdAt'), render: (_, k) => `${when(k.createdAt)} · ${k.createdBy}` },
          { title: t('admin.status'), render: (_, k) => (k.revokedAt ? <Tag>{t('keys.revoked')}</Tag> : <Tag color="success">{t('admin.active')}</Tag>) },
          {
            title: <ActionsHeader />, key: 'revoke', render: (_, k) => !k.revokedAt && (
              <Popconfirm title={t('keys.revokeConfirm', { name: k.name })} onConfirm={() => void api(`/api-keys/${k.id}`, { method: 'DELETE' }).then(load, (e: unknown) => void message.error(problemText(e)))}>
                <Button size="small" danger>{t('keys.revoke')}</Button>
              </Popconfirm>
            ),
          },
        ]} />
    </Space>
  );
}
