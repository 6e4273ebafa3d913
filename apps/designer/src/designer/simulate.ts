import {
  approversOf, compile, directoryNeeds, EMPTY_DIRECTORY, start, step,
  type ApprovalConfig, type Approvers, type Definition, type Directory, type FormField, type InstanceMachine, type NodeRegistry, type Step,
} from '@baton/dsl';
import { api } from '../shell/api';
import type { Walk } from './walk';

/**
 * The simulator walks the machine that compile() builds — the very one the
 * engine runs — with start() and step() from packages/dsl. Nothing here
 * decides where a request goes or who is asked; it only feeds events and
 * reads the result.
 */

export interface Simulation {
  machine: InstanceMachine;
  current: Step;
  /** decisions that the machine refused (e.g. not that person's turn) */
  refused: number;
}

/** A person as the initiator of a request: what conditions read of them, and the organisation around them. */
export interface SimulatedInitiator {
  initiator: { id: string; name: string } & Record<string, unknown>;
  directory: Directory;
}

/** Someone outside the organisation (or none loaded): nobody around them resolves. */
export function strangerInitiator(id: string): SimulatedInitiator {
  return { initiator: { id, name: id }, directory: EMPTY_DIRECTORY };
}

/** The organisation around `userId` exactly as the engine would resolve it if they submitted this definition now. */
export function fetchInitiator(definition: Definition, userId: string): Promise<SimulatedInitiator> {
  const needs = directoryNeeds(definition);
  const query = new URLSearchParams();
  if (needs.roles.length > 0) query.set('roles', needs.roles.join(','));
  if (needs.departments.length > 0) query.set('departments', needs.departments.join(','));
  const qs = query.toString();
  return api<SimulatedInitiator>(`/org/users/${encodeURIComponent(userId)}/directory${qs ? `?${qs}` : ''}`);
}

export function startSimulation(definition: Definition, registry: NodeRegistry, form: Record<string, unknown>, who: SimulatedInitiator): Simulation {
  const machine = compile(definition, registry);
  const current = start(machine, { form, initiator: who.initiator, instance: { id: 'simulation' }, directory: who.directory });
  return { machine, current, refused: 0 };
}

export interface AskedAt extends Approvers {
  node: string;
  title: string;
}

/** For each approval node, who it would ask if the request reached it with this form and initiator. */
export function askedPerNode(definition: Definition, form: Record<string, unknown>, who: SimulatedInitiator): AskedAt[] {
  return definition.nodes.filter((n) => n.type === 'approval').map((n) => ({
    node: n.id,
    title: n.title ?? n.id,
    ...approversOf((n.config ?? { assignees: [] }) as unknown as ApprovalConfig, { form, initiatorId: who.initiator.id, directory: who.directory, chosen: [] }),
  }));
}

export function decide(sim: Simulation, node: string, by: string, outcome: 'approved' | 'rejected'): Simulation {
  const visit = sim.current.context.visits[node] ?? 1;
  const next = step(sim.machine, sim.current.snapshot, { type: 'decide', node, visit, by, outcome });
  if (!next.accepted) return { ...sim, refused: sim.refused + 1 };
  return { ...sim, current: next };
}

/** The walk for the canvas; `nameOf` turns the people asked into what the analyst reads. */
export function walkOf(sim: Simulation, nameOf: (id: string) => string = (id) => id): Walk {
  const { context, at } = sim.current;
  const asked: Record<string, string[]> = {};
  for (const node of at) if (context.assignees[node]) asked[node] = context.assignees[node]!.map(nameOf);
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
