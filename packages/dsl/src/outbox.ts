import type { Effect, InstanceEvent } from './compile';
import type { InstanceStatus, Step } from './run';

/**
 * The outbox of an event as pure data: what the engine writes beside the new
 * snapshot in the same guarded update, and its workers perform afterwards.
 * Who is notified, what subscribers hear and what is audited is decided here,
 * once, without I/O, so the policy is unit-tested and the engine only stores
 * and dispatches it.
 */

/** The audit line of an event, written by a worker so it survives a crash like any effect. */
export interface AuditEffect {
  type: 'audit';
  action: string;
  actor: string;
  actorKind: 'user' | 'key' | 'system';
  ip: string | null;
  from: unknown;
  to: unknown;
}

export type NotificationKind = 'assigned' | 'copied' | 'urged' | 'reminder' | 'approved' | 'rejected' | 'returned' | 'completed' | 'mentioned' | 'withdrawn';

/** Tell people something about the instance (in-app, and e-mail when configured). */
export interface NotifyEffect {
  type: 'notify';
  kind: NotificationKind;
  to: string[];
  actor: string;
  node?: string;
  /** the visit of the node's tasks, for a notice about one's own task (assigned, reminder): its one-tap links name the task */
  visit?: number;
  comment?: string;
}

/** Tell webhook subscribers: the effect id is the event id they receive. */
export interface PublishEffect {
  type: 'publish';
  event: string;
  data: Record<string, unknown>;
}

/** An effect waiting for the relay, keyed `instance.rev.index`. */
export type OutboxEntry = (Effect | AuditEffect | NotifyEffect | PublishEffect) & { id: string; rev: number };

/** Who caused an event: a person, an API key, or the engine itself (timers, node results). */
export interface OutboxActor {
  id: string;
  kind?: 'user' | 'key' | 'system';
  ip?: string | null;
}

/** What the outbox needs to know of the instance: its identity and who submitted it. */
export interface InstanceFacts {
  id: string;
  definitionId: string;
  version: number;
  serial: string;
  initiator: string;
}

/** The state before the event: null status and no nodes for a new instance. */
export interface Before {
  status: InstanceStatus | null;
  at: readonly string[];
  path: readonly string[];
}

export type Happening = InstanceEvent | { type: 'submitted' };

/** The id of the task one person holds at one visit of one node: the same for every retry. */
export const taskIdOf = (instanceId: string, node: string, visit: number, assignee: string) =>
  `${instanceId}.${node}.${visit}.${assignee}`;

/**
 * Everything an accepted event (or a submit) leaves for the workers, in the
 * order they perform it: the step's effects, notifications, publications,
 * then the audit line; ids are deterministic, so a retried write or a
 * replayed relay never doubles an entry.
 */
export function deriveOutbox(instance: InstanceFacts, rev: number, event: Happening, actor: OutboxActor, before: Before,
  next: Pick<Step, 'effects' | 'status' | 'at' | 'context'>): OutboxEntry[] {
  return numbered(instance.id, rev, [
    ...performed(next.effects),
    ...notificationsOf(event, actor, instance.initiator, next),
    ...publicationsOf(instance, before, actor, next),
    auditOf(actor, event.type === 'submitted' ? 'instance.submitted' : `instance.${event.type}`, before.at, next),
  ]);
}

/** A line in the history that changes no state (a comment, an urge): its notifications and audit line. */
export function annotationOutbox(instanceId: string, rev: number, type: string, actor: OutboxActor, state: { at: string[]; status: InstanceStatus },
  notes: NotifyEffect[]): OutboxEntry[] {
  return numbered(instanceId, rev, [...notes, auditOf(actor, `instance.${type}`, state.at, state)]);
}

/** Effects a worker performs; reminders and copies are only words, delivered as notify effects instead. */
function performed(effects: Effect[]): Effect[] {
  return effects.filter((e) => e.type !== 'remind' && e.type !== 'copy');
}

/** Who hears about an event: new task holders, and the initiator when their request moves. */
function notificationsOf(event: Happening, actor: OutboxActor, initiator: string, next: Pick<Step, 'effects' | 'status'>): NotifyEffect[] {
  const notes: NotifyEffect[] = [];
  const comment = 'comment' in event ? event.comment : undefined;
  const tell = (kind: NotificationKind, to: string[], node?: string, visit?: number) => {
    if (to.length > 0) notes.push({ type: 'notify', kind, to, actor: actor.id, ...(node === undefined ? {} : { node }), ...(visit === undefined ? {} : { visit }) });
  };
  for (const e of next.effects) {
    if (e.type === 'createTasks') tell('assigned', e.assignees, e.node, e.visit);
    if (e.type === 'transferTask') tell('assigned', [e.to], e.node, e.visit);
    if (e.type === 'copy') tell('copied', e.to, e.node);
    if (e.type === 'remind') tell('reminder', e.to, e.node, e.visit);
    if (e.type === 'closeTasks' && event.type === 'withdraw') tell('withdrawn', e.statuses.filter((s) => s.status === 'cancelled').map((s) => s.assignee), e.node);
  }
  const toInitiator = (kind: NotificationKind) => notes.push({
    type: 'notify', kind, to: [initiator], actor: actor.id, ...(comment ? { comment } : {}), ...('node' in event ? { node: event.node } : {}),
  });
  if (next.status === 'completed') toInitiator('completed');
  else if (next.status === 'rejected') toInitiator('rejected');
  else if (next.status === 'returned' && event.type === 'return') toInitiator('returned');
  else if (event.type === 'decide' && event.outcome === 'approved' && actor.id !== initiator) toInitiator('approved');
  return notes;
}

/**
 * What subscribers (outbound webhooks) hear of an event: the instance
 * starting, changing status, entering nodes, and tasks opened and closed.
 */
function publicationsOf(instance: InstanceFacts, before: Before, actor: OutboxActor, next: Pick<Step, 'effects' | 'status' | 'at' | 'context'>): PublishEffect[] {
  const about = { instanceId: instance.id, definitionId: instance.definitionId, version: instance.version, serial: instance.serial };
  const out: PublishEffect[] = [];
  const publish = (event: string, data: Record<string, unknown>) => out.push({ type: 'publish', event, data: { ...about, ...data } });
  const state = { status: next.status, at: next.at, actor: actor.id };
  if (before.status === null) publish('instance.started', state);
  else if (before.status === 'returned' && next.status === 'running') publish('instance.resubmitted', state);
  if (next.status !== before.status && next.status !== 'running') publish(`instance.${next.status}`, state);
  // every node passed by this event, in order (a workflow reaching a node starts SOP cadences)
  const path = next.context.path;
  for (let i = before.path.length; i < path.length; i++) {
    const node = path[i]!;
    publish('instance.entered', { node, visit: path.slice(0, i + 1).filter((n) => n === node).length, initiator: instance.initiator });
  }
  const task = (node: string, visit: number, assignee: string) => taskIdOf(instance.id, node, visit, assignee);
  for (const e of next.effects) {
    if (e.type === 'createTasks') {
      for (const assignee of e.assignees) publish('task.created', { taskId: task(e.node, e.visit, assignee), node: e.node, assignee, title: e.title });
    } else if (e.type === 'transferTask') {
      publish('task.closed', { taskId: task(e.node, e.visit, e.from), node: e.node, assignee: e.from, status: 'transferred', by: actor.id });
      publish('task.created', { taskId: task(e.node, e.visit, e.to), node: e.node, assignee: e.to, title: e.title });
    } else if (e.type === 'closeTasks') {
      for (const { assignee, status, by } of e.statuses) {
        if (status !== 'waiting') publish('task.closed', { taskId: task(e.node, e.visit, assignee), node: e.node, assignee, status, by: by === undefined ? e.by : by });
      }
    }
  }
  return out;
}

function auditOf(actor: OutboxActor, action: string, from: readonly string[], next: { at: string[]; status: InstanceStatus }): AuditEffect {
  return { type: 'audit', action, actor: actor.id, actorKind: actor.kind ?? 'system', ip: actor.ip ?? null, from: { at: [...from] }, to: { at: next.at, status: next.status } };
}

function numbered(instanceId: string, rev: number, effects: Array<Effect | NotifyEffect | PublishEffect | AuditEffect>): OutboxEntry[] {
  return effects.map((effect, index) => ({ ...effect, id: `${instanceId}.${rev}.${index}`, rev }));
}

/**
 * Everyone an event's effects name (task holders old and new, who is told,
 * who acted): the people its consumers will look up, so they can be read
 * at once.
 */
export function peopleNamedBy(effects: readonly OutboxEntry[]): string[] {
  const named = new Set<string>();
  const add = (...ids: Array<string | null | undefined>) => ids.forEach((id) => id && named.add(id));
  for (const e of effects) {
    switch (e.type) {
      case 'createTasks': add(...e.assignees); break;
      case 'closeTasks': add(e.by, ...e.statuses.map((s) => s.assignee)); break;
      case 'transferTask': add(e.from, e.to); break;
      case 'escalate': add(...e.from); break;
      case 'remind': case 'copy': case 'notify': add(...e.to, 'actor' in e ? e.actor : null); break;
      case 'audit': if (e.actorKind === 'user') add(e.actor); break;
      case 'publish': {
        const { assignee, initiator, by } = e.data as { assignee?: unknown; initiator?: unknown; by?: unknown };
        for (const id of [assignee, initiator, by]) if (typeof id === 'string') add(id);
        break;
      }
      default: break;
    }
  }
  return [...named];
}
