import type { Definition } from '@baton/dsl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type DefinitionSummary, type InstanceView } from '../shell/api';
import { publishedDefinition } from '../shell/definitions';
import { cleanForm, formErrors, FormRenderer, type FormData } from '../shell/FormRenderer';
import { InstanceDetail } from '../shell/InstanceDetail';

/** The request portal: a catalogue of published forms, the form itself, and my requests with their progress. */

function NewRequest({ summary, onDone }: { summary: DefinitionSummary; onDone(instance: InstanceView): void }) {
  const { t } = useTranslation();
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [data, setData] = useState<FormData>({});
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void publishedDefinition(summary.id, summary.latestVersion!).then(setDefinition);
  }, [summary]);
  if (!definition) return null;
  const form = cleanForm(data);
  const errors = formErrors(definition.form.fields, form);
  const submit = async () => {
    setTouched(true);
    if (Object.keys(errors).length) return;
    try {
      onDone(await api<InstanceView>('/instances', { body: { definitionId: definition.id, version: summary.latestVersion, form } }));
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} ${e.problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}` : String(e));
    }
  };
  return (
    <section className="new-request" data-testid="new-request">
      <h3>{definition.name}</h3>
      {definition.description && <p className="muted">{definition.description}</p>}
      <FormRenderer fields={definition.form.fields} value={data} onChange={(next) => { setData(next); setTouched(true); }} errors={touched ? errors : {}} idPrefix="req" />
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="button" className="primary" data-testid="submit-request" onClick={() => void submit()}>{t('portal.submit')}</button>
    </section>
  );
}

function Resubmit({ instance, definition, reload }: { instance: InstanceView; definition: Definition; reload(): void }) {
  const { t } = useTranslation();
  const [data, setData] = useState<FormData>(instance.form ?? {});
  const errors = formErrors(definition.form.fields, cleanForm(data));
  return (
    <div className="resubmit" data-testid="resubmit-form">
      <FormRenderer fields={definition.form.fields} value={data} onChange={setData} errors={errors} idPrefix="resubmit" />
      <button type="button" disabled={Object.keys(errors).length > 0} data-testid="resubmit" onClick={() => void api(`/instances/${instance.id}/resubmit`, { body: { form: cleanForm(data) } }).then(reload)}>{t('portal.resubmit')}</button>
    </div>
  );
}

export function PortalPage() {
  const { t } = useTranslation();
  const [catalogue, setCatalogue] = useState<DefinitionSummary[]>([]);
  const [mine, setMine] = useState<InstanceView[]>([]);
  const [chosen, setChosen] = useState<DefinitionSummary | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    void api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setCatalogue(r.items.filter((d) => d.latestVersion)));
  }, []);
  useEffect(() => {
    void api<{ items: InstanceView[] }>('/instances?mine=true&limit=50').then((r) => setMine(r.items));
  }, [refresh, open]);
  const byCategory = new Map<string, DefinitionSummary[]>();
  for (const d of catalogue) byCategory.set(d.category ?? t('portal.uncategorised'), [...(byCategory.get(d.category ?? t('portal.uncategorised')) ?? []), d]);
  return (
    <div className="portal page" data-testid="portal">
      <aside className="list">
        <h3>{t('portal.catalogue')}</h3>
        {catalogue.length === 0 && <p className="muted">{t('portal.noDefinitions')}</p>}
        {[...byCategory.entries()].map(([category, items]) => (
          <section key={category}>
            <h4>{category}</h4>
            {items.map((d) => (
              <button key={d.id} type="button" className="link" data-testid={`catalogue-${d.id}`} onClick={() => { setChosen(d); setOpen(null); setMessage(null); }}>{d.name}</button>
            ))}
          </section>
        ))}
        <h3>{t('portal.mine')}</h3>
        <ul data-testid="my-requests">
          {mine.map((i) => (
            <li key={i.id}>
              <button type="button" className="link" data-testid={`request-${i.serial}`} onClick={() => { setOpen(i.id); setChosen(null); }}>
                {i.serial} · {i.title} · <em>{t(`status.${i.status}`, i.status)}</em>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <main className="content">
        {message && <p className="message" data-testid="portal-message">{message}</p>}
        {chosen && <NewRequest key={chosen.id} summary={chosen} onDone={(i) => { setMessage(t('portal.submitted', { serial: i.serial })); setChosen(null); setOpen(i.id); setRefresh((n) => n + 1); }} />}
        {open && (
          <InstanceDetail
            key={open}
            id={open}
            actions={(instance, definition, reload) => (
              <div className="row-actions">
                {instance.status === 'running' && (
                  <>
                    <button type="button" data-testid="withdraw" onClick={() => void api(`/instances/${instance.id}/withdraw`, { body: {} }).then(reload, (e) => setMessage(String(e.message)))}>{t('portal.withdraw')}</button>
                    <button type="button" data-testid="urge" onClick={() => void api(`/instances/${instance.id}/urge`, { body: {} }).then(reload, (e) => setMessage(String(e.message)))}>{t('portal.urge')}</button>
                  </>
                )}
                {instance.status === 'returned' && <Resubmit instance={instance} definition={definition} reload={reload} />}
              </div>
            )}
          />
        )}
      </main>
    </div>
  );
}
