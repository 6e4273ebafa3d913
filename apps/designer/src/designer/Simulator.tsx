import { isValid, type Definition } from '@baton/dsl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNodeTypes } from './node-types';
import { decide, sampleForm, startSimulation, walkOf, type Simulation } from './simulate';
import { useDesigner } from './store';
import { useWalk } from './walk';

/** Sample data in, each approver's action chosen, the compiled machine's walk shown on the canvas. */
export function Simulator() {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const registry = useNodeTypes((s) => s.registry);
  const show = useWalk((s) => s.show);
  const [data, setData] = useState(() => JSON.stringify(sampleForm(definition.form.fields), null, 2));
  const [initiator, setInitiator] = useState('alice');
  const [sim, setSim] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => show(null), [show]);

  const update = (next: Simulation | null) => {
    setSim(next);
    show(next ? walkOf(next) : null);
  };
  const run = () => {
    setError(null);
    let form: Record<string, unknown>;
    try {
      form = JSON.parse(data) as Record<string, unknown>;
    } catch {
      setError(t('sim.badJson'));
      return;
    }
    try {
      update(startSimulation(definition as Definition, registry, form, initiator));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (!isValid(definition, registry)) return <p className="warn" data-testid="sim-invalid">{t('sim.invalid')}</p>;
  const current = sim?.current;
  return (
    <div className="simulator" data-testid="simulator">
      <label>{t('sim.data')}<textarea className="json" rows={8} value={data} data-testid="sim-data" onChange={(e) => setData(e.target.value)} /></label>
      <label>{t('sim.initiator')}<input value={initiator} data-testid="sim-initiator" onChange={(e) => setInitiator(e.target.value)} /></label>
      <div className="row-actions">
        <button type="button" data-testid="sim-start" onClick={run}>{t('sim.start')}</button>
        <button type="button" onClick={() => update(null)}>{t('sim.reset')}</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {current && (
        <div data-testid="sim-state">
          <p data-testid="sim-status" data-status={current.status}>{t('sim.status', { status: t(`status.${current.status}`, current.status) })}</p>
          <p data-testid="sim-path">{t('sim.path', { path: current.context.path.join(' → ') })}</p>
          {current.at.map((node) => {
            const people = current.context.assignees[node] ?? [];
            return (
              <div key={node} className="sim-node" data-testid={`sim-at-${node}`}>
                <strong>{t('sim.waiting', { node })}</strong> · {t('sim.asked', { people: people.join(', ') || t('sim.nobody') })}
                {people.map((person) => (
                  <span key={person} className="row-actions">
                    <button type="button" data-testid={`sim-approve-${node}-${person}`} onClick={() => update(decide(sim!, node, person, 'approved'))}>{t('sim.approve')} ({person})</button>
                    <button type="button" data-testid={`sim-reject-${node}-${person}`} onClick={() => update(decide(sim!, node, person, 'rejected'))}>{t('sim.reject')} ({person})</button>
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
