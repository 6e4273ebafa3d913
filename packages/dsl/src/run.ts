import { initialTransition, transition } from 'xstate';
import { EFFECT_TYPES, RETURNED, type Effect, type InstanceContext, type InstanceEvent, type InstanceInput, type InstanceMachine, type Outcome } from './compile';

/**
 * The pure step of the execution model: the next snapshot and the effects to
 * perform, with nothing performed. The engine persists both in one write and
 * performs the effects afterwards; the simulator and the tests walk with the
 * same two functions.
 */

export type InstanceStatus = 'running' | 'returned' | Outcome;

export interface Step {
  /** JSON-safe snapshot to store; restore it with `step(machine, stored, event)` */
  snapshot: PersistedSnapshot;
  effects: Effect[];
  status: InstanceStatus;
  /** the node ids the instance is in now (empty when finished) */
  at: string[];
  context: InstanceContext;
}

export type PersistedSnapshot = Record<string, unknown>;

export interface RejectedStep {
  accepted: false;
}

export function start(machine: InstanceMachine, input: InstanceInput): Step {
  const [snapshot, actions] = initialTransition(machine, input);
  return describe(machine, snapshot, actions);
}

/** Applies an event, or says it is not accepted in the current state. */
export function step(machine: InstanceMachine, stored: PersistedSnapshot, event: InstanceEvent): (Step & { accepted: true }) | RejectedStep {
  const current = machine.resolveState(stored as never);
  if (current.status !== 'active') return { accepted: false };
  const [snapshot, actions] = transition(machine, current, event);
  // XState returns the very same snapshot when no transition was enabled
  if (snapshot === current) return { accepted: false };
  return { accepted: true, ...describe(machine, snapshot, actions) };
}

type AnySnapshot = ReturnType<typeof initialTransition<InstanceMachine>>[0];

function describe(machine: InstanceMachine, snapshot: AnySnapshot, actions: Array<{ type: string; params?: unknown }>): Step {
  const effects = actions
    .filter((a) => EFFECT_TYPES.has(a.type))
    .map((a) => ({ type: a.type, ...(a.params as object) }) as Effect);
  const at = snapshot.status === 'done' ? [] : activeNodes(snapshot.value);
  const status: InstanceStatus = snapshot.status === 'done' ? (snapshot.output?.status ?? 'completed') : at.includes(RETURNED) ? 'returned' : 'running';
  return {
    snapshot: JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as PersistedSnapshot,
    effects,
    status,
    at,
    context: snapshot.context,
  };
}

/** The nodes an instance is at: the leaves of the state value (several inside parallel branches). */
function activeNodes(value: unknown): string[] {
  if (typeof value === 'string') return value === '$arrived' ? [] : [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(activeNodes);
  return [];
}
