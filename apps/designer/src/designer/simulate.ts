import { compile, start, step, type Definition, type FormField, type InstanceMachine, type NodeRegistry, type Step } from '@baton/dsl';
import type { Walk } from './walk';

/**
 * The simulator walks the machine that compile() builds — the very one the
 * engine runs — with start() and step() from packages/dsl. Nothing here
 * decides where a request goes; it only feeds events and reads the result.
 */

export interface Simulation {
  machine: InstanceMachine;
  current: Step;
  /** decisions that the machine refused (e.g. not that person's turn) */
  refused: number;
}

export function startSimulation(definition: Definition, registry: NodeRegistry, form: Record<string, unknown>, initiator: string): Simulation {
  const machine = compile(definition, registry);
  const current = start(machine, { form, initiator: { id: initiator, name: initiator }, instance: { id: 'simulation' } });
  return { machine, current, refused: 0 };
}

export function decide(sim: Simulation, node: string, by: string, outcome: 'approved' | 'rejected'): Simulation {
  const visit = sim.current.context.visits[node] ?? 1;
  const next = step(sim.machine, sim.current.snapshot, { type: 'decide', node, visit, by, outcome });
  if (!next.accepted) return { ...sim, refused: sim.refused + 1 };
  return { ...sim, current: next };
}

export function walkOf(sim: Simulation): Walk {
  const { context, at } = sim.current;
  const asked: Record<string, string[]> = {};
  for (const node of at) if (context.assignees[node]) asked[node] = context.assignees[node]!;
  return { path: [...context.path], active: [...at], asked };
}

/** Plausible sample values for a form, so a first simulation needs no typing. */
export function sampleForm(fields: readonly FormField[]): Record<string, unknown> {
  const today = new Date().toISOString().slice(0, 10);
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    switch (f.type) {
      case 'number':
      case 'money':
        data[f.key] = f.min !== undefined ? Math.max(f.min, 1) : 1;
        break;
      case 'select':
        if (f.options?.[0]) data[f.key] = f.options[0].value;
        break;
      case 'multiselect':
        if (f.options?.[0]) data[f.key] = [f.options[0].value];
        break;
      case 'boolean':
        data[f.key] = false;
        break;
      case 'date':
        data[f.key] = today;
        break;
      case 'dateRange':
        data[f.key] = { start: today, end: today };
        break;
      case 'people':
        data[f.key] = f.multiple ? ['bob'] : 'bob';
        break;
      case 'department':
        data[f.key] = f.multiple ? ['sales'] : 'sales';
        break;
      case 'text':
      case 'textarea':
        if (f.required) data[f.key] = 'sample';
        break;
      default:
        break;
    }
  }
  return data;
}
