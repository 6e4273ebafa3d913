import { Alert, Button, Card, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shell/api';

type State = 'ready' | 'used' | 'expired' | 'forged' | 'closed' | 'taskPage';
interface Preview { state: State; decision?: 'approve' | 'reject'; taskId?: string; serial?: string; title?: string; node?: string; nodeTitle?: string }

/** Answers of the link's POST, as the page names them when the link cannot say itself. */
const AFTER_ERROR: Record<number, State> = { 403: 'forged', 409: 'used', 410: 'expired', 422: 'taskPage' };

/**
 * The page a one-tap link in an e-mail opens, without sign-in: it shows what
 * the link will decide and takes an optional comment; only the button acts
 * (mail scanners that open links change nothing). A used, expired or forged
 * link gets a page that says so.
 */
export function DecideByLink({ token }: { token: string }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    api<Preview>(`/decision-links/${encodeURIComponent(token)}`).then(setPreview, (e: unknown) => setFailure(e instanceof ApiError ? e.message : String(e)));
  }, [token]);

  const decide = () => {
    setBusy(true);
    const path = `/decision-links/${encodeURIComponent(token)}`;
    api(path, { body: comment ? { comment } : {} }).then(() => setDone(true), async (e: unknown) => {
      setBusy(false);
      // the link's own account of why it did nothing (used, closed meanwhile, expired...), else what the answer said
      const now = await api<Preview>(path).catch(() => null);
      const state = now && now.state !== 'ready' ? now.state : e instanceof ApiError ? AFTER_ERROR[e.status] : undefined;
      if (state && preview) setPreview({ ...(now ?? preview), state });
      else setFailure(e instanceof ApiError ? e.message : String(e));
    });
  };

  if (failure) return <Card className="decide"><Alert type="error" showIcon title={failure} role="alert" /></Card>;
  if (!preview) return <Card className="decide"><Skeleton active /></Card>;
  const openTask = preview.taskId ? <Button href={`#/inbox/${encodeURIComponent(preview.taskId)}`} data-testid="open-task">{t('decide.openTask')}</Button> : null;
  if (done) {
    return <Card className="decide"><Result status="success" title={t(preview.decision === 'approve' ? 'decide.approved' : 'decide.rejected')} subTitle={preview.title} data-testid="decide-done" /></Card>;
  }
  if (preview.state !== 'ready') {
    return (
      <Card className="decide">
        <Result status={preview.state === 'forged' ? 'error' : 'warning'} title={t(`decide.${preview.state}`)} subTitle={t('decide.nothingChanged')}
          extra={preview.state === 'forged' ? null : openTask} data-testid={`decide-${preview.state}`} />
      </Card>
    );
  }
  const approving = preview.decision === 'approve';
  return (
    <Card className="decide" title={t(approving ? 'decide.titleApprove' : 'decide.titleReject')} data-testid="decide-ready">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{preview.serial}</Typography.Text> <Typography.Text>{preview.title}</Typography.Text>
          <div><Typography.Text type="secondary">{t('decide.step', { node: preview.nodeTitle ?? preview.node })}</Typography.Text></div>
        </div>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={5000} rows={3} placeholder={t('decide.comment')} aria-label={t('decide.comment')} data-testid="decide-comment" />
        <Button type="primary" danger={!approving} block loading={busy} onClick={decide} data-testid="decide-confirm">{t(approving ? 'decide.confirmApprove' : 'decide.confirmReject')}</Button>
        {openTask}
      </Space>
    </Card>
  );
}
