import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, signIn, type Session } from './api';
import { speakOrganisationLanguage } from './i18n';
import { guessesFromEmail, organisationOf, rememberedOrganisation, rememberOrganisation } from './organisation';

interface Face { tenant: string; brandingName: string; locale: string }

const faceOf = (tenant: string) => api<Face>(`/sign-in/${encodeURIComponent(tenant)}`).catch(() => null);

/**
 * The sign-in page. The organisation comes from the link (?org= or
 * #/sign-in/<org>), else the last one signed in to on this device, else a
 * guess from the e-mail's domain that the engine confirms; the page then
 * shows the organisation's own name.
 */
export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ tenant: string; email: string; password: string }>();
  const [resolved] = useState(() => organisationOf(window.location, rememberedOrganisation()));
  const [face, setFace] = useState<Face | null>(null);
  const [unknown, setUnknown] = useState<string | null>(null);
  const [fromEmail, setFromEmail] = useState(false);
  const [typed, setTyped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (found: Face | null) => {
    setFace(found);
    // the page speaks the organisation's language until the person picks one
    if (found) speakOrganisationLanguage(found.locale);
  };
  const look = async (tenant: string) => {
    const found = tenant ? await faceOf(tenant) : null;
    show(found);
    setUnknown(found || !tenant ? null : tenant);
    return found;
  };
  useEffect(() => {
    if (resolved) void look(resolved.tenant);
  }, [resolved]);

  /** Without a link naming the organisation and before anyone typed one, the e-mail's domain may name it. */
  const guess = async (email: string) => {
    if (resolved?.from === 'link' || typed) return;
    for (const tenant of guessesFromEmail(email)) {
      const found = await faceOf(tenant);
      if (found) {
        form.setFieldValue('tenant', tenant);
        show(found);
        setUnknown(null);
        setFromEmail(true);
        return;
      }
    }
  };

  return (
    <Card className="login" title={face ? t('login.titleFor', { name: face.brandingName }) : t('login.title')} data-testid="login">
      <Form form={form} layout="vertical" initialValues={{ tenant: resolved?.tenant ?? '' }} onFinish={(v) => {
        setBusy(true);
        signIn(v.tenant, v.email, v.password).then((session) => {
          rememberOrganisation(v.tenant);
          onSignedIn(session);
        }, (err: Error) => { setBusy(false); setError(t('login.failed', { message: err.message })); });
      }}>
        <Form.Item label={t('login.email')} name="email" rules={[{ required: true }]}>
          <Input name="email" type="email" autoComplete="username" onBlur={(e) => void guess(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('login.tenant')} name="tenant" rules={[{ required: true }]}
          extra={fromEmail && face ? <span data-testid="org-from-email">{t('login.fromEmail', { name: face.brandingName })}</span> : resolved?.from === 'remembered' && face ? t('login.remembered') : undefined}
          validateStatus={unknown ? 'warning' : undefined} help={unknown ? <span data-testid="org-unknown">{t('login.unknown', { tenant: unknown })}</span> : undefined}>
          <Input name="tenant" autoComplete="organization" onChange={() => { setTyped(true); setFromEmail(false); }} onBlur={(e) => void look(e.target.value.trim())} />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}><Input.Password name="password" autoComplete="current-password" /></Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        {face && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }} data-testid="org-id">{t('login.orgId', { tenant: face.tenant })}</Typography.Text>}
      </Form>
    </Card>
  );
}
