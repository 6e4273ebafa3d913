import { isValid, type Definition } from '@baton/dsl';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadSession } from '../shell/api';
import { useDirectory } from '../shell/directory';
import { cleanForm, FormRenderer, type FormData } from '../shell/FormRenderer';
import { PeoplePicker } from '../shell/PeoplePicker';
import { useNodeTypes } from './node-types';
import { askedPerNode, decide, fetchInitiator, sampleForm, startSimulation, strangerInitiator, walkOf, type AskedAt, type SimulatedInitiator, type Simulation } from './simulate';
import { useDesigner } from './store';
import { useWalk } from './walk';

/**
 * Sample data in, a person of the organisation as the initiator, each
 * approver's action chosen; the compiled machine's walk shown on the canvas
 * and, per approval node, who the engine would ask.
 */
export function Simulator() {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const registry = useNodeTypes((s) => s.registry);
  const show = useWalk((s) => s.show);
  const { people, load } = useDirectory();
  const [data, setData] = useState<FormData>(() => sampleForm(definition.form.fields));
  const [initiator, setInitiator] = useState(() => loadSession()?.user.id ?? '');
  const [sim, setSim] = useState<Simulation | null>(null);
  const [asked, setAsked] = useState<AskedAt[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => show(null), [show]);
  useEffect(() => {
    void load();
  }, [load]);

  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const names = (ids: string[]) => ids.map(nameOf).join(', ') || t('sim.nobody');
  const update = (next: Simulation | null) => {
    setSim(next);
    show(next ? walkOf(next, nameOf) : null);
  };
  const run = async () => {
    setError(null);
    const form = cleanForm(data);
    try {
      const def = definition as Definition;
      const known = people.some((p) => p.id === initiator);
      const who: SimulatedInitiator = known ? await fetchInitiator(def, initiator) : strangerInitiator(initiator);
      setAsked(askedPerNode(def, form, who));
      update(startSimulation(def, registry, form, who));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!isValid(definition, registry)) return <p className="warn" data-testid="sim-invalid">{t('sim.invalid')}</p>;
  const current = sim?.current;
  return (
    <div className="simulator" data-testid="simulator">
      <div data-testid="sim-form" className="sim-form">
        <strong>{t('sim.data')}</strong>
        <FormRenderer fields={definition.form.fields} value={data} onChange={setData} idPrefix="sim" />
      </div>
      <label>
        {t('sim.initiator')}
        <PeoplePicker testId="sim-initiator" value={initiator || undefined} placeholder={t('sim.choosePerson')} onChange={(id) => setInitiator(typeof id === 'string' ? id : '')} />
      </label>
      <div className="row-actions">
        <Button type="primary" data-testid="sim-start" onClick={() => void run()}>{t('sim.start')}</Button>
        <Button onClick={() => { update(null); setAsked([]); }}>{t('sim.reset')}</Button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {asked.length > 0 && (
        <table className="sim-asks" data-testid="sim-asks">
          <caption>{t('sim.whoIsAsked')}</caption>
          <tbody>
            {asked.map((a) => (
              <tr key={a.node} data-testid={`sim-asks-${a.node}`} data-nobody={a.nobody ?? undefined}>
                <th scope="row">{a.title}</th>
                <td>
                  {a.assignees.length > 0 ? names(a.assignees) : t('sim.nobody')}
                  {a.nobody && <span className="warn"> · {t(`sim.whenNobody.${a.nobody}`, { admin: nameOf(a.assignees[0] ?? '') })}</span>}
                  {a.notes.length > 0 && <small className="sim-notes"> ({a.notes.join('; ')})</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && (
        <div data-testid="sim-state">
          <p data-testid="sim-status" data-status={current.status}>{t('sim.status', { status: t(`status.${current.status}`, current.status) })}</p>
          <p data-testid="sim-path">{t('sim.path', { path: current.context.path.join(' → ') })}</p>
          {current.at.map((node) => {
            const people = current.context.assignees[node] ?? [];
            return (
              <div key={node} className="sim-node" data-testid={`sim-at-${node}`}>
                <strong>{t('sim.waiting', { node })}</strong> · {t('sim.asked', { people: names(people) })}
                {people.map((person) => (
                  <span key={person} className="row-actions">
                    <Button size="small" data-testid={`sim-approve-${node}-${person}`} onClick={() => update(decide(sim!, node, person, 'approved'))}>{t('sim.approve')} ({nameOf(person)})</Button>
                    <Button size="small" danger data-testid={`sim-reject-${node}-${person}`} onClick={() => update(decide(sim!, node, person, 'rejected'))}>{t('sim.reject')} ({nameOf(person)})</Button>
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
