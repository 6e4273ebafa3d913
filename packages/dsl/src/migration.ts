import type { Definition, Problem } from './definition';
import { RETURNED, type Effect, type InstanceContext, type InstanceMachine } from './compile';
import { buildGraph, regionsOf } from './graph';
import { deadlineTimers } from './nodes/approval-machine';
import { openAssignees, type ApprovalConfig } from './nodes/approval-rules';
import { tallyOf } from './nodes/machine';
import { builtinRegistry, type NodeRegistry } from './nodes/registry';
import { step, type InstanceStatus, type PersistedSnapshot } from './run';

/**
 * Moving a running instance from one published version to another, as pure
 * data: where it lands, which tasks close and open, which timers move, or
 * why it cannot move. The engine's dry run shows this plan; its batch writes
 * the same plan in one guarded update per instance.
 */

/** A published version as both sides of a migration need it. */
export interface CompiledVersion {
  version: number;
  definition: Definition;
  machine: InstanceMachine;
}

/** Old node id → new node id. */
export type NodeMapping = Record<string, string>;

export interface MappingSuggestion {
  from: string;
  to: string | null;
  why: 'sameId' | 'typeChanged' | 'missing';
}

export type RefusalCode = 'parallel' | 'unmapped' | 'badTarget' | 'finished' | 'sameVersion' | 'otherVersion' | 'notAccepted';

export interface TaskRef { node: string; visit: number; assignee: string }
export interface TimerRef { node: string; token: number; name?: string; delayMs?: number }

export interface MigrationRefusal {
  outcome: 'refused';
  code: RefusalCode;
  message: string;
  from: string[];
}

export interface MigrationMove {
  outcome: 'migrate';
  from: string[];
  to: string[];
  status: InstanceStatus;
  /** kept: same node, tasks stay open; reentered: the node is left and the target entered afresh; returned: waits for the initiator still */
  how: 'kept' | 'reentered' | 'returned';
  closes: TaskRef[];
  opens: TaskRef[];
  timers: { moved: TimerRef[]; dropped: TimerRef[]; scheduled: TimerRef[] };
  snapshot: PersistedSnapshot;
  effects: Effect[];
  context: InstanceContext;
}

export type MigrationPlan = MigrationRefusal | MigrationMove;

/** What the planner needs of a stored instance. */
export interface StoredInstance {
  status: InstanceStatus;
  at: string[];
  snapshot: PersistedSnapshot;
  /** when the instance entered the node it is at: a kept node's moved deadlines count from there */
  enteredAt?: Date;
}

const WAITING = new Set(['approval', 'action', 'wait', 'receive']);

/** Nodes where a request can wait: the ones a mapping is about. */
export function waitingNodes(def: Definition, registry: NodeRegistry = builtinRegistry): string[] {
  return def.nodes.filter((n) => WAITING.has(registry.get(n.type)?.behaviour ?? '')).map((n) => n.id);
}

/** Suggests a target for every node a request can wait at: the node with the same id and type. */
export function suggestMapping(from: Definition, to: Definition, registry: NodeRegistry = builtinRegistry): MappingSuggestion[] {
  const targets = new Set(landingNodes(to, registry));
  return waitingNodes(from, registry).map((id) => {
    const same = to.nodes.find((n) => n.id === id);
    if (!same || !targets.has(id)) return { from: id, to: null, why: 'missing' as const };
    return same.type === from.nodes.find((n) => n.id === id)!.type ? { from: id, to: id, why: 'sameId' as const } : { from: id, to: null, why: 'typeChanged' as const };
  });
}

/** Every problem of a mapping, each at `${at}/${old node}`. */
export function mappingProblems(from: Definition, to: Definition, mapping: Record<string, unknown>, at = '/mapping', registry: NodeRegistry = builtinRegistry): Problem[] {
  const sources = new Set(waitingNodes(from, registry));
  const targets = new Set(landingNodes(to, registry));
  const problems: Problem[] = [];
  for (const [old, target] of Object.entries(mapping)) {
    const pointer = `${at}/${old.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!sources.has(old)) problems.push({ pointer, message: `"${old}" is not a node of the old version where a request can wait` });
    else if (typeof target !== 'string') problems.push({ pointer, message: 'must be the id of a node of the new version' });
    else if (!to.nodes.some((n) => n.id === target)) problems.push({ pointer, message: `the new version has no node "${target}"` });
    else if (!targets.has(target)) problems.push({ pointer, message: `"${target}" is not a node where a request can wait outside parallel branches` });
  }
  return problems;
}

/** Top-level waiting nodes of a version: where a migrated request may land. */
export function landingNodes(def: Definition, registry: NodeRegistry): string[] {
  const known = new Map(def.nodes.map((node, index) => [node.id, { index, node, type: registry.get(node.type) }]));
  const inBranch = new Set(regionsOf(buildGraph(def.edges, known)).flatMap((r) => r.branches.flat()));
  return waitingNodes(def, registry).filter((id) => !inBranch.has(id));
}

/** The plan of one instance: a refusal with its reason, or the move with its new snapshot and effects. */
export function planMigration(from: CompiledVersion, to: CompiledVersion, mapping: NodeMapping, instance: StoredInstance, now: Date): MigrationPlan {
  const refuse = (code: RefusalCode, message: string): MigrationRefusal => ({ outcome: 'refused', code, message, from: instance.at });
  if (from.version === to.version) return refuse('sameVersion', `the instance already runs version ${to.version}`);
  if (instance.status !== 'running' && instance.status !== 'returned') return refuse('finished', `the instance is ${instance.status}`);
  if (typeof instance.snapshot.value !== 'string') return refuse('parallel', `parallel branches are mid-way (at ${instance.at.join(', ')}); wait until they meet`);
  const context = (instance.snapshot as { context: InstanceContext }).context;
  const at = instance.snapshot.value;
  const source = at === RETURNED ? context.returnedFrom ?? '' : at;
  const target = mapping[source];
  if (target === undefined) return refuse('unmapped', `node "${source}" has no mapping`);
  const targetNode = to.definition.nodes.find((n) => n.id === target);
  if (!targetNode) return refuse('badTarget', `the new version has no node "${target}"`);
  const base = { outcome: 'migrate' as const, from: instance.at, closes: [], opens: [], timers: { moved: [], dropped: [], scheduled: [] }, effects: [] };
  if (at === RETURNED) {
    if (targetNode.type !== 'approval') return refuse('badTarget', `a returned request resumes at an approval node; "${target}" is ${targetNode.type}`);
    const next = { ...context, returnedFrom: target };
    return { ...base, to: [RETURNED], status: 'returned', how: 'returned', snapshot: resolved(to.machine, instance.snapshot, RETURNED, next), context: next };
  }
  const sourceNode = from.definition.nodes.find((n) => n.id === source)!;
  if (target === source && targetNode.type === sourceNode.type && sameBehaviour(sourceNode.config, targetNode.config)) {
    const timers = movedDeadlines(source, context.visits[source] ?? 1, sourceNode.config, targetNode.config, instance.enteredAt, now);
    return { ...base, to: [target], status: 'running', how: 'kept', timers, effects: timerEffects(timers), snapshot: resolved(to.machine, instance.snapshot, target, context), context };
  }
  // leave the old node by the old version's own exit (tasks settled, timers cancelled), then enter the target by the new version's own entry
  const parked = step(from.machine, instance.snapshot, { type: 'migrate', to: RETURNED });
  if (!parked.accepted) return refuse('notAccepted', `the old version cannot leave "${source}"`);
  const landed = step(to.machine, parked.snapshot, { type: 'migrate', to: target });
  if (!landed.accepted) return refuse('notAccepted', `the new version cannot enter "${target}"`);
  const open = new Set(sourceNode.type === 'approval'
    ? openAssignees(sourceNode.config as unknown as ApprovalConfig, context.assignees[source] ?? [], tallyOf(context, source)) : []);
  const effects = [...parked.effects, ...landed.effects];
  return {
    ...base, to: landed.at, status: landed.status, how: 'reentered', snapshot: landed.snapshot, context: landed.context, effects,
    closes: parked.effects.flatMap((e) => (e.type === 'closeTasks' ? e.statuses.filter((s) => s.status === 'cancelled' && open.has(s.assignee)).map((s) => ({ node: e.node, visit: e.visit, assignee: s.assignee })) : [])),
    opens: landed.effects.flatMap((e) => (e.type === 'createTasks' ? e.assignees.map((assignee) => ({ node: e.node, visit: e.visit, assignee })) : [])),
    timers: {
      moved: [],
      dropped: parked.effects.flatMap((e) => (e.type === 'cancelTimer' ? [timerRef(e)] : [])),
      scheduled: landed.effects.flatMap((e) => (e.type === 'scheduleTimer' ? [timerRef(e)] : [])),
    },
  };
}

function timerRef(e: { node: string; token: number; name?: string; delayMs?: number }): TimerRef {
  return { node: e.node, token: e.token, ...(e.name ? { name: e.name } : {}), ...(e.delayMs === undefined ? {} : { delayMs: e.delayMs }) };
}

/** The stored snapshot, read by the new version's machine at `value` with `context`. */
function resolved(machine: InstanceMachine, stored: PersistedSnapshot, value: string, context: InstanceContext): PersistedSnapshot {
  const state = machine.resolveState({ ...stored, value, context } as never);
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(state))) as PersistedSnapshot;
}

/** Same node and type, same rules apart from deadlines and titles: its open tasks stay as they are. */
function sameBehaviour(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const rules = (c: Record<string, unknown> | undefined) => {
    const { deadlines: _d, title: _t, ...rest } = c ?? {};
    return canonical(rest);
  };
  return rules(a) === rules(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** A kept approval node whose deadlines changed: each old timer is cancelled, each new one placed as far from entry as it says. */
function movedDeadlines(node: string, token: number, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, enteredAt: Date | undefined, now: Date): MigrationMove['timers'] {
  const old = deadlineTimers((before ?? {}) as unknown as ApprovalConfig);
  const next = deadlineTimers((after ?? {}) as unknown as ApprovalConfig);
  if (canonical(old) === canonical(next)) return { moved: [], dropped: [], scheduled: [] };
  const elapsed = enteredAt ? Math.max(0, now.getTime() - enteredAt.getTime()) : 0;
  const names = new Set(next.map((t) => t.name));
  return {
    moved: next.filter((t) => old.some((o) => o.name === t.name)).map((t) => ({ node, token, name: t.name, delayMs: Math.max(0, t.delayMs - elapsed) })),
    dropped: old.filter((t) => !names.has(t.name)).map((t) => ({ node, token, name: t.name })),
    scheduled: next.filter((t) => !old.some((o) => o.name === t.name)).map((t) => ({ node, token, name: t.name, delayMs: Math.max(0, t.delayMs - elapsed) })),
  };
}

/** The effects of a kept node's timer changes: cancel what moves or goes, schedule what moves or comes. */
function timerEffects({ moved, dropped, scheduled }: MigrationMove['timers']): Effect[] {
  const cancel = [...moved, ...dropped].map((t): Effect => ({ type: 'cancelTimer', node: t.node, token: t.token, ...(t.name ? { name: t.name } : {}) }));
  const schedule = [...moved, ...scheduled].map((t): Effect => ({ type: 'scheduleTimer', node: t.node, token: t.token, delayMs: t.delayMs ?? 0, ...(t.name ? { name: t.name } : {}) }));
  return [...cancel, ...schedule];
}
