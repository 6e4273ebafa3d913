import { explain, type Definition, type Reason } from '@baton/dsl';
import { CheckCircleTwoTone, LeftOutlined, RightOutlined, WarningTwoTone } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Skeleton, Slider, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conditionInWords } from '../flow-words';
import { api, ApiError } from '../shell/api';
import { publishedDefinition } from '../shell/definitions';
import { useDirectory } from '../shell/directory';
import { useMoment } from '../shell/i18n';
import { FormRenderer } from '../shell/FormRenderer';
import { ReadOnlyCanvas } from '../shell/ReadOnlyCanvas';
import { StatusTag } from '../shell/StatusTag';

/** One step of GET /instances/:id/replay. */
export interface ReplayStep {
  index: number;
  rev: number;
  type: string;
  actor: string;
  time: string;
  node?: string;
  outcome?: string;
  status: string;
  at: string[];
  entered: string[];
  form: Record<string, unknown>;
  holders: Array<{ node: string; visit: number; assignees: string[]; open: string[] }>;
  rules: Array<{ from: string; to: string; edge: number; rule: unknown; result: boolean; taken: boolean }>;
  tallies: Record<string, { approvedBy: string[]; rejectedBy: string[]; pending: string[]; outcome: string | null }>;
  automatic: Array<{ node: string; outcome: string; reason?: Reason }>;
  matches: boolean;
}

interface Replay {
  serial: string;
  definitionId: string;
  version: number;
  steps: ReplayStep[];
}

/** The path up to a step: every node entered by it and before it. */
const pathTo = (steps: ReplayStep[], index: number) => steps.slice(0, index + 1).flatMap((s) => s.entered);

/**
 * Time travel through one request: a step slider over its recorded events,
 * and at each the state on the canvas, the form then, who held tasks, and
 * which rule decided (conditions checked, tallies, the engine's own steps).
 * The steps are recomputed by the engine from the recorded events.
 */
export function ReplayPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const when = useMoment();
  const [replay, setReplay] = useState<{ data: Replay; definition: Definition } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const people = useDirectory((s) => s.people);
  const load = useDirectory((s) => s.load);
  useEffect(() => {
    void load();
    void (async () => {
      try {
        const data = await api<Replay>(`/instances/${id}/replay`);
        setReplay({ data, definition: await publishedDefinition(data.definitionId, data.version) });
        // a request opens at its middle: the interesting part is rarely the submit
        setAt(Math.floor((data.steps.length - 1) / 2));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
  }, [id, load]);
  const path = useMemo(() => (replay ? pathTo(replay.data.steps, at) : []), [replay, at]);
  if (error) return <Alert type="error" showIcon title={t('replay.unavailable', { message: error })} className="page-pad" />;
  if (!replay) return <Card><Skeleton active /></Card>;
  const { data, definition } = replay;
  const step = data.steps[at]!;
  const name = (who: string) => people.find((p) => p.id === who)?.name ?? who;
  const title = (node: string) => definition.nodes.find((n) => n.id === node)?.title ?? node;
  const last = data.steps.length - 1;
  return (
    <section className="replay page-pad" data-testid="replay" data-step={at}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={<span className="wrap-title">{t('replay.title', { serial: data.serial })}</span>}
          extra={<Button type="link" onClick={() => window.history.back()} data-testid="replay-back">{t('replay.back')}</Button>}>
          <Space wrap align="center" style={{ width: '100%' }}>
            <Button icon={<LeftOutlined />} aria-label={t('replay.previous')} disabled={at === 0} onClick={() => setAt(at - 1)} data-testid="replay-previous" />
            <Typography.Text strong data-testid="replay-position">{t('replay.step', { n: at + 1, total: data.steps.length })}</Typography.Text>
            <Button icon={<RightOutlined />} aria-label={t('replay.next')} disabled={at === last} onClick={() => setAt(at + 1)} data-testid="replay-next" />
          </Space>
          <Slider min={0} max={last} value={at} onChange={(v) => setAt(v)} tooltip={{ formatter: (v) => `${(v ?? 0) + 1}` }} aria-label={t('replay.slider')} ariaLabelForHandle={t('replay.slider')} data-testid="replay-slider" />
          <div data-testid="replay-event">
            <Typography.Text strong>{name(step.actor)}</Typography.Text> {t(`events.${step.type}`, step.type)}
            {step.outcome ? ` (${t(`status.${step.outcome}`, step.outcome)})` : ''}{step.node ? ` · ${title(step.node)}` : ''}
            {' · '}<Typography.Text type="secondary">{when(step.time)}</Typography.Text>
          </div>
          <Space wrap style={{ marginTop: 8 }}>
            <StatusTag status={step.status} />
            {step.at.map((n) => <Tag key={n} color="blue" data-testid="replay-active">{title(n)}</Tag>)}
            {step.matches
              ? <Tag icon={<CheckCircleTwoTone twoToneColor="#52c41a" />} data-testid="replay-matches">{t('replay.matches')}</Tag>
              : <Tag icon={<WarningTwoTone twoToneColor="#fa541c" />} color="error" data-testid="replay-differs">{t('replay.differs')}</Tag>}
          </Space>
        </Card>
        <Card size="small" title={t('replay.canvas')}>
          <ReadOnlyCanvas definition={definition} path={path} active={step.at} testId="replay-canvas" />
        </Card>
        <Card size="small" title={t('replay.rules')} data-testid="replay-rules">
          {step.rules.length === 0 && step.automatic.length === 0 && Object.keys(step.tallies).length === 0
            ? <Typography.Text type="secondary">{t('replay.noRules')}</Typography.Text>
            : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {step.rules.map((r) => (
                  <div key={r.edge} data-testid="replay-rule">
                    <Tag color={r.taken ? 'green' : 'default'}>{r.taken ? t('replay.taken') : t('replay.notTaken')}</Tag>
                    {title(r.from)} → {title(r.to)}: {r.rule === null ? t('replay.defaultEdge') : `${conditionInWords(r.rule, definition.form.fields, t)} = ${String(r.result)}`}
                  </div>
                ))}
                {Object.entries(step.tallies).map(([node, tally]) => (
                  <div key={node} data-testid="replay-tally">
                    <Typography.Text strong>{title(node)}</Typography.Text>: {[
                      tally.approvedBy.length > 0 && `${t('replay.approvedBy')} ${tally.approvedBy.map(name).join(', ')}`,
                      tally.rejectedBy.length > 0 && `${t('replay.rejectedBy')} ${tally.rejectedBy.map(name).join(', ')}`,
                      tally.pending.length > 0 && `${t('replay.toDecide')} ${tally.pending.map(name).join(', ')}`,
                    ].filter(Boolean).join(' · ')}
                  </div>
                ))}
                {step.automatic.map((a, i) => (
                  <Alert key={i} type="info" showIcon data-testid="replay-automatic"
                    title={`${t('replay.automatic')} · ${title(a.node)}: ${a.reason ? explain(a.reason, i18n.language === 'zh-CN' ? 'zh-CN' : 'en') : a.outcome}`} />
                ))}
              </Space>
            )}
        </Card>
        <Card size="small" title={t('replay.holders')} data-testid="replay-holders">
          {step.holders.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('replay.nobodyHolds')} /> : (
            <List size="small" dataSource={step.holders} renderItem={(h) => (
              <List.Item data-testid="replay-holder">
                <Typography.Text strong>{title(h.node)}</Typography.Text>
                <span className="wrap-title">{h.assignees.map((a) => (h.open.includes(a) ? name(a) : `${name(a)} ✓`)).join(', ')}</span>
              </List.Item>
            )} />
          )}
        </Card>
        <Card size="small" title={t('replay.form')}>
          <FormRenderer key={at} fields={definition.form.fields.filter((f) => f.key in step.form)} value={step.form} readOnly idPrefix="replay" />
        </Card>
      </Space>
    </section>
  );
}
