import { createActor, type AnyActorScope, type ExecutableActionObject } from 'xstate';
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
  return describe(machine, ...collecting(machine, (scope) => machine.getInitialSnapshot(scope, input)));
}

/** Applies an event, or says it is not accepted in the current state. */
export function step(machine: InstanceMachine, stored: PersistedSnapshot, event: InstanceEvent): (Step & { accepted: true }) | RejectedStep {
  const current = machine.resolveState(stored as never);
  if (current.status !== 'active') return { accepted: false };
  const [snapshot, actions] = collecting(machine, (scope) => machine.transition(current, event, scope));
  // XState returns the very same snapshot when no transition was enabled
  if (snapshot === current) return { accepted: false };
  return { accepted: true, ...describe(machine, snapshot, actions) };
}

type AnySnapshot = ReturnType<InstanceMachine['transition']>;

/** One inert actor scope per machine: it performs nothing, and hands the actions it is given to the step that runs. */
const scopes = new WeakMap<InstanceMachine, AnyActorScope>();

/**
 * XState's pure `transition()` and `initialTransition()` as one scope per
 * machine runs them. Those functions build a throwaway actor for every
 * call, and the actor's constructor works out the machine's initial state
 * first (the context factory, which has no input there and throws, and the
 * start node's entry): a third of a step's time, for nothing. Here that
 * actor is built once per compiled machine. A step is synchronous and the
 * machines spawn no actors, so the scope keeps nothing between steps but the
 * collector the running step puts in it.
 */
function collecting(machine: InstanceMachine, run: (scope: AnyActorScope) => AnySnapshot): [AnySnapshot, ExecutableActionObject[]] {
  let scope = scopes.get(machine);
  if (!scope) {
    // its constructor works out an initial state once, without input (it fails, and the actor keeps that to itself)
    const self = createActor(machine, { input: undefined as never });
    scope = { self, id: '', sessionId: '', system: self.system, logger: () => {}, defer: () => {}, stopChild: () => {}, emit: () => {}, actionExecutor: () => {} } as AnyActorScope;
    scopes.set(machine, scope);
  }
  const actions: ExecutableActionObject[] = [];
  scope.actionExecutor = (action) => {
    actions.push(action);
  };
  try {
    return [run(scope), actions];
  } finally {
    scope.actionExecutor = () => {};
  }
}

function describe(machine: InstanceMachine, snapshot: AnySnapshot, actions: ReadonlyArray<{ type: string; params?: unknown }>): Step {
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
