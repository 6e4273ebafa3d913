import type { Definition } from '@baton/dsl';
import { ArrowLeftOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Grid, Input, List, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemText, type DefinitionSummary, type InstanceView } from '../shell/api';
import { publishedDefinition } from '../shell/definitions';
import { cleanForm, formErrors, FormRenderer, type FormData } from '../shell/FormRenderer';
import { InstanceDetail } from '../shell/InstanceDetail';
import { StatusTag } from '../shell/StatusTag';
import { CategoryIcon } from './CategoryIcon';
import { clearDraft, loadDraft, recentForms, rememberForm, saveDraft } from './memory';
import { useMoment } from '../shell/i18n';
import { ListItemMeta } from '../shell/ListItemMeta';

/** The request portal: a catalogue of published forms, the form itself (with a kept draft), and my requests with their progress. */

function NewRequest({ summary, onDone, onBack }: { summary: DefinitionSummary; onDone(instance: InstanceView): void; onBack(): void }) {
  const { t } = useTranslation();
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [data, setData] = useState<FormData>(() => loadDraft(summary.id) ?? {});
  const [restored] = useState(() => loadDraft(summary.id) !== null);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void publishedDefinition(summary.id, summary.latestVersion!).then(setDefinition);
  }, [summary]);
  if (!definition) return <Card><Skeleton active /></Card>;
  const form = cleanForm(data);
  const errors = formErrors(definition.form.fields, form);
  const change = (next: FormData) => {
    setData(next);
    setTouched(true);
    saveDraft(summary.id, next);
  };
  const submit = async () => {
    setTouched(true);
    if (Object.keys(errors).length) return;
    setBusy(true);
    try {
      const instance = await api<InstanceView>('/instances', { body: { definitionId: definition.id, version: summary.latestVersion, form } });
      clearDraft(summary.id);
      rememberForm(summary.id);
      onDone(instance);
    } catch (e) {
      setError(problemText(e));
      setBusy(false);
    }
  };
  return (
    <section className="new-request" data-testid="new-request">
      <Card
        title={<Space><CategoryIcon category={definition.category} />{definition.name}</Space>}
        extra={<Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('portal.back')} />}
      >
        {definition.description && <Typography.Paragraph type="secondary">{definition.description}</Typography.Paragraph>}
        {restored && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="draft-restored" title={t('portal.draftRestored')}
            action={<Button size="small" onClick={() => { clearDraft(summary.id); setData({}); setTouched(false); }}>{t('portal.discardDraft')}</Button>} />
        )}
        <FormRenderer fields={definition.form.fields} value={data} onChange={change} errors={touched ? errors : {}} idPrefix="req" />
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" size="large" block loading={busy} data-testid="submit-request" onClick={() => void submit()}>{t('portal.submit')}</Button>
      </Card>
    </section>
  );
}

function Resubmit({ instance, definition, reload }: { instance: InstanceView; definition: Definition; reload(): void }) {
  const { t } = useTranslation();
  const [data, setData] = useState<FormData>(instance.form ?? {});
  const errors = formErrors(definition.form.fields, cleanForm(data));
  return (
    <div className="resubmit" data-testid="resubmit-form" style={{ marginTop: 12 }}>
      <FormRenderer fields={definition.form.fields} value={data} onChange={setData} errors={errors} idPrefix="resubmit" />
      <Button type="primary" disabled={Object.keys(errors).length > 0} data-testid="resubmit" onClick={() => void api(`/instances/${instance.id}/resubmit`, { body: { form: cleanForm(data) } }).then(reload)}>{t('portal.resubmit')}</Button>
    </div>
  );
}

function Catalogue({ catalogue, loading, onChoose }: { catalogue: DefinitionSummary[]; loading: boolean; onChoose(d: DefinitionSummary): void }) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = catalogue.filter((d) => !needle || `${d.name} ${d.category ?? ''} ${d.description ?? ''}`.toLowerCase().includes(needle));
  const recent = recentForms().map((id) => catalogue.find((d) => d.id === id)).filter((d): d is DefinitionSummary => !!d);
  const card = (d: DefinitionSummary) => (
    <Card key={d.id} hoverable size="small" data-testid={`catalogue-${d.id}`} onClick={() => onChoose(d)} role="button" tabIndex={0}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onChoose(d); } }}>
      <Card.Meta avatar={<CategoryIcon category={d.category} />} title={d.name}
        description={d.description || (d.category ? <Tag>{d.category}</Tag> : t('portal.uncategorised'))} />
    </Card>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="catalogue">
      <Input allowClear size="large" prefix={<SearchOutlined />} placeholder={t('portal.searchForms')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="catalogue-search" />
      {loading && <Skeleton active />}
      {!loading && catalogue.length === 0 && <Empty description={t('portal.noDefinitions')} />}
      {!needle && recent.length > 0 && (
        <section data-testid="recent-forms">
          <Typography.Title level={2} className="section-title">{t('portal.recent')}</Typography.Title>
          <Space wrap>{recent.map((d) => <Button key={d.id} icon={<CategoryIcon category={d.category} small />} onClick={() => onChoose(d)}>{d.name}</Button>)}</Space>
        </section>
      )}
      <section>
        {/* on a phone the switch above already says it */}
        {!phone && <Typography.Title level={2} className="section-title">{t('portal.catalogue')}</Typography.Title>}
        {needle && shown.length === 0 ? <Empty description={t('portal.noMatch')} /> : <div className="catalogue">{shown.map(card)}</div>}
      </section>
    </Space>
  );
}

function MyRequests({ mine, loading, current, onOpen }: { mine: InstanceView[]; loading: boolean; current: string | null; onOpen(id: string): void }) {
  const when = useMoment();
  const { t } = useTranslation();
  return (
    <List
      data-testid="my-requests"
      loading={loading}
      dataSource={mine}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.noRequests')} /> }}
      renderItem={(i) => (
        <List.Item className={`task-row${current === i.id ? ' current' : ''}`} data-testid={`request-${i.serial}`} onClick={() => onOpen(i.id)} extra={<StatusTag status={i.status} />}>
          <ListItemMeta title={i.title} description={`${i.serial} · ${when(i.createdAt, false)}`} />
        </List.Item>
      )}
    />
  );
}

export function PortalPage() {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [catalogue, setCatalogue] = useState<DefinitionSummary[] | null>(null);
  const [mine, setMine] = useState<InstanceView[] | null>(null);
  const [chosen, setChosen] = useState<DefinitionSummary | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [phoneTab, setPhoneTab] = useState<'new' | 'mine'>('new');
  useEffect(() => {
    void api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setCatalogue(r.items.filter((d) => d.latestVersion)), () => setCatalogue([]));
  }, []);
  useEffect(() => {
    void api<{ items: InstanceView[] }>('/instances?mine=true&limit=50').then((r) => setMine(r.items), () => setMine([]));
  }, [refresh, open]);
  const choose = (d: DefinitionSummary) => { setChosen(d); setOpen(null); setMessage(null); rememberForm(d.id); };
  const openRequest = (id: string) => { setOpen(id); setChosen(null); };
  const back = () => { setChosen(null); setOpen(null); };
  const actionFailed = (e: unknown) => setMessage(String((e as Error).message));
  const detail = (
    <>
      {message && <Alert type="success" showIcon title={<span data-testid="portal-message">{message}</span>} style={{ marginBottom: 12 }} closable={{ onClose: () => setMessage(null) }} />}
      {chosen && <NewRequest key={chosen.id} summary={chosen} onBack={back} onDone={(i) => {
        setMessage(t('portal.submitted', { serial: i.serial }));
        setChosen(null); setOpen(i.id); setRefresh((n) => n + 1);
      }} />}
      {open && (
        <InstanceDetail
          key={open}
          id={open}
          extra={phone ? <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('portal.back')} /> : undefined}
          actions={(instance, definition, reload) => (
            <>
              {instance.status === 'running' && (
                <Space wrap style={{ marginTop: 12 }}>
                  <Button data-testid="withdraw" onClick={() => void api(`/instances/${instance.id}/withdraw`, { body: {} }).then(reload, actionFailed)}>{t('portal.withdraw')}</Button>
                  <Button data-testid="urge" onClick={() => void api(`/instances/${instance.id}/urge`, { body: {} }).then(reload, actionFailed)}>{t('portal.urge')}</Button>
                </Space>
              )}
              {instance.status === 'returned' && <Resubmit instance={instance} definition={definition} reload={reload} />}
            </>
          )}
        />
      )}
    </>
  );
  const catalogueView = <Catalogue catalogue={catalogue ?? []} loading={catalogue === null} onChoose={choose} />;
  const mineView = <MyRequests mine={mine ?? []} loading={mine === null} current={open} onOpen={openRequest} />;
  if (phone) {
    return (
      <div className="portal page-pad" data-testid="portal">
        {chosen || open ? detail : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {message && detail}
            <Segmented block value={phoneTab} onChange={(v) => setPhoneTab(v as 'new' | 'mine')} data-testid="portal-tabs"
              options={[{ value: 'new', label: t('portal.catalogue') }, { value: 'mine', label: <span data-testid="portal-tab-mine">{t('portal.mine')}</span> }]} />
            {phoneTab === 'new' ? catalogueView : mineView}
          </Space>
        )}
      </div>
    );
  }
  return (
    <div className="portal split-page" data-testid="portal">
      <aside className="list">
        <Typography.Title level={2} className="section-title">{t('portal.mine')}</Typography.Title>
        {mineView}
      </aside>
      <section className="content">
        {chosen || open ? detail : (<>{message && detail}{catalogueView}</>)}
      </section>
    </div>
  );
}

