import type { Definition } from '@baton/dsl';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Form, Input, Radio, Skeleton, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemText, type InstanceView, type TaskView } from '../shell/api';
import { publishedDefinition } from '../shell/definitions';
import { useDirectory } from '../shell/directory';
import { FormRenderer, type FormData, type Permission } from '../shell/FormRenderer';
import { CampaignReview } from '../shell/CampaignReview';
import { ReplayLink, RequestPath, RequestSummary, RequestTimeline, useRequest } from '../shell/InstanceDetail';
import { isTyping } from '../shell/keys';
import { PeoplePicker } from '../shell/PeoplePicker';
import { SignatureInput } from '../shell/SignatureInput';
import { StatusTag } from '../shell/StatusTag';
import { Watermark } from '../shell/Watermark';

/**
 * One task as its own page: the request's summary, the form under the
 * node's permissions (attachments included), the decision with its comment
 * and signature, the other moves (return, transfer, add a signer), the
 * timeline and the path. Approve and reject sit in a bar at the bottom,
 * where a thumb reaches them on a phone.
 */

interface TaskDetail {
  task: TaskView;
  instance: InstanceView;
  fields: Record<string, Permission>;
}

function OtherMoves({ act, comment }: { act(path: string, body: Record<string, unknown>, message: string): void; comment: string }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<string | undefined>();
  const [returnTo, setReturnTo] = useState('previous');
  const [position, setPosition] = useState<'before' | 'after'>('before');
  const withComment = comment ? { comment } : {};
  return (
    <Form layout="vertical" component="div">
      <Form.Item label={t('inbox.returnTo')}>
        <Space wrap>
          <Radio.Group value={returnTo} onChange={(e) => setReturnTo(e.target.value as string)} data-testid="return-to" optionType="button"
            options={[{ value: 'previous', label: <span data-testid="return-to-previous">{t('inbox.previous')}</span> }, { value: 'initiator', label: <span data-testid="return-to-initiator">{t('inbox.initiator')}</span> }]} />
          <Button data-testid="return" onClick={() => act('return', { to: returnTo, ...withComment }, t('status.returned'))}>{t('inbox.return')}</Button>
        </Space>
      </Form.Item>
      <Form.Item label={t('inbox.person')} extra={t('inbox.personHint')}>
        <PeoplePicker value={to} onChange={(v) => setTo(typeof v === 'string' ? v : undefined)} testId="transfer-to" />
      </Form.Item>
      <Space wrap>
        <Button disabled={!to} data-testid="transfer" onClick={() => act('transfer', { to, ...withComment }, t('status.transferred'))}>{t('inbox.transfer')}</Button>
        <Radio.Group value={position} onChange={(e) => setPosition(e.target.value as 'before' | 'after')} data-testid="signer-position" optionType="button"
          options={[{ value: 'before', label: <span data-testid="signer-before">{t('inbox.before')}</span> }, { value: 'after', label: <span data-testid="signer-after">{t('inbox.after')}</span> }]} />
        <Button disabled={!to} data-testid="add-signer" onClick={() => act('add-signer', { who: to, position }, t('inbox.addSigner'))}>{t('inbox.addSigner')}</Button>
      </Space>
    </Form>
  );
}

export function TaskPanel({ id, onDone, back, shortcuts }: { id: string; onDone(message: string): void; back?: React.ReactNode; shortcuts: boolean }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [changes, setChanges] = useState<FormData>({});
  const [comment, setComment] = useState('');
  const [signature, setSignature] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loadDirectory = useDirectory((s) => s.load);
  const { record } = useRequest(detail?.instance.id ?? null);
  useEffect(() => {
    void loadDirectory();
    void api<TaskDetail>(`/tasks/${encodeURIComponent(id)}`).then(async (d) => {
      setDefinition(await publishedDefinition(d.instance.definitionId, d.instance.version));
      setDetail(d);
    }, (e: unknown) => setError(problemText(e)));
  }, [id, loadDirectory]);
  const act = async (path: string, body: Record<string, unknown>, message: string) => {
    setBusy(true);
    try {
      await api(`/tasks/${encodeURIComponent(id)}/${path}`, { body });
      onDone(message);
    } catch (e) {
      setError(problemText(e));
      setBusy(false);
    }
  };
  const decision = () => ({ ...(comment ? { comment } : {}), ...(Object.keys(changes).length ? { changes } : {}), ...(signature ? { signature } : {}) });
  const approve = () => void act('approve', decision(), t('status.approved'));
  const reject = () => void act('reject', decision(), t('status.rejected'));
  const keys = useRef({ approve, reject });
  keys.current = { approve, reject };
  const pending = detail?.task.status === 'pending';
  useEffect(() => {
    if (!shortcuts || !pending) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'a') keys.current.approve();
      else if (e.key === 'r') keys.current.reject();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts, pending]);
  if (!detail || !definition) return error ? <Alert type="error" showIcon title={error} /> : <Card><Skeleton active /></Card>;
  const node = definition.nodes.find((n) => n.id === detail.task.node);
  const needsSignature = (node?.config as { requireSignature?: boolean } | undefined)?.requireSignature === true;
  const permissions = pending ? detail.fields : Object.fromEntries(Object.entries(detail.fields).map(([k, v]) => [k, v === 'hidden' ? 'hidden' : 'readonly'])) as Record<string, Permission>;
  return (
    <section className="task" data-testid="task-detail" data-status={detail.task.status} style={{ position: 'relative' }}>
      <Watermark mark={detail.instance.watermark} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={<span className="wrap-title" data-testid="task-title">{detail.task.title}</span>} extra={<Space>{!pending && <StatusTag status={detail.task.status} />}{back}</Space>}>
          <p style={{ marginTop: 0 }}>{detail.instance.serial} · {detail.instance.title}</p>
          {record ? <RequestSummary record={record} /> : <Skeleton active paragraph={{ rows: 1 }} />}
        </Card>
        <CampaignReview requestId={detail.instance.id} />
        <Card title={t('portal.form')} size="small">
          <FormRenderer
            fields={definition.form.fields}
            value={{ ...(detail.instance.form ?? {}), ...changes }}
            permissions={permissions}
            onChange={pending ? (next) => setChanges(Object.fromEntries(Object.entries(next).filter(([k]) => detail.fields[k] === 'editable'))) : undefined}
            idPrefix="task"
          />
        </Card>
        {pending && (
          <Card title={t('inbox.decision')} size="small" className="task-decision">
            <Form layout="vertical" component="div">
              <Form.Item label={t('inbox.comment')} htmlFor="decision-comment">
                <Input.TextArea id="decision-comment" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="decision-comment" autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
              {/* not a <label>: a click in a label presses its first button, the pad's Clear */}
              {needsSignature && <Form.Item label={t('inbox.sign')} required><div role="group" aria-label={t('inbox.sign')}><SignatureInput value={signature} onChange={setSignature} /></div></Form.Item>}
            </Form>
            <Collapse ghost items={[{ key: 'more', label: t('inbox.otherMoves'), children: <OtherMoves act={(p, b, m) => void act(p, b, m)} comment={comment} />, forceRender: true }]} defaultActiveKey={shortcuts ? ['more'] : []} />
          </Card>
        )}
        {record && <Card title={t('portal.timeline')} size="small"><RequestTimeline record={record} /></Card>}
        {record && <Card title={t('portal.path')} size="small" extra={<ReplayLink id={record.instance.id} />}><RequestPath record={record} /></Card>}
      </Space>
      {pending && (
        <>
          {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
          <div className="action-bar" data-testid="action-bar">
            <Button danger size="large" icon={<CloseOutlined />} loading={busy} data-testid="reject" onClick={reject}>{t('inbox.reject')}</Button>
            <Button type="primary" size="large" icon={<CheckOutlined />} loading={busy} data-testid="approve" onClick={approve}>{t('inbox.approve')}</Button>
          </div>
        </>
      )}
    </section>
  );
}

