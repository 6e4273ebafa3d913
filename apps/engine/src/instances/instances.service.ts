import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { annotationOutbox, automaticSteps, stateDigest, compileText, explainAll, placeTimers, talliesAt, type InstanceContext, type Note, deriveOutbox, directoryNeeds, planMigration, type MigrationPlan, type NodeMapping, initiatorOf, returnTarget, start, step, visibleForm, type ApprovalConfig, validateFormData, type Definition, type InstanceEvent, type InstanceFacts, type Problem, type Step, withRoleHolders } from '@baton/dsl';
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, FilterQuery, Model, UpdateQuery } from 'mongoose';
import { DomainError, InvalidInput, NotFound, RateLimited } from '../api/domain-error';
import type IORedis from 'ioredis';
import { CONFIG, type Config } from '../config/config';
import { GroupRead } from '../database/group-read';
import { GroupWrite } from '../database/group-write';
import { REDIS } from '../database/redis.module';
import { PeopleRepository } from '../org/people.repository';
import { TenantRepository } from '../org/tenant.repository';
import type { Identity } from '../auth/identity';
import { DefinitionsService, type PublishedVersion } from '../definitions/definitions.service';
import { TASK_READS, type TaskReads } from './instances.ports';
import { OutboxRelay } from './outbox.relay';
import { summaryAfter } from './instances.repository';
import { ConcurrentUpdate, EventNotAccepted, InstanceFinished } from './instance.errors';
import { PeopleService } from '../org/people.service';
import { isDuplicateKey, isTransientDatabaseError } from '../database/errors';
import { SerialNumbers } from './serial-numbers';
import { replayOf } from './replay';
import { AttachmentsService } from '../attachments/attachments.service';
import { EngineMetrics } from '../operations/engine-metrics.service';
import { INSTANCE, type HistoryEntry, type InstanceRecord, type NotifyEffect } from './instance.schema';

/** An instance as a caller read it, handed back to applyEvent so the event need not read it again. */
export interface LoadedInstance {
  readonly record: InstanceRecord;
}

/** Who caused an event: a person, or the engine itself (timers, node results). */
export interface EventActor {
  tenantId: string;
  id: string;
  kind?: 'user' | 'key' | 'system';
  ip?: string | null;
}

/** The event actor for a signed-in identity. */
export const actorOf = (identity: Identity): EventActor => ({ tenantId: identity.tenantId, id: identity.userId, kind: identity.kind, ip: identity.ip });

export interface ListFilter {
  definitionId?: string;
  status?: string;
  mine?: boolean;
  /** only requests copied to me (the inbox's "copied to me" tab) */
  copied?: boolean;
  limit: number;
  offset: number;
}

// a lost race reloads and tries again: enough rounds for twenty approvers of one countersign node deciding at once
const MAX_ATTEMPTS = 40;
const URGE_EVERY_SECONDS = 600;

@Injectable()
export class InstancesService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    private readonly definitions: DefinitionsService,
    private readonly relay: OutboxRelay,
    private readonly people: PeopleService,
    private readonly serials: SerialNumbers,
    @Inject(TASK_READS) private readonly tasks: TaskReads,
    private readonly users: PeopleRepository,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: Config,
    private readonly attachments: AttachmentsService,
    private readonly metrics: EngineMetrics,
    private readonly tenants: TenantRepository,
  ) {
    this.byId = new GroupRead((tenantId, ids) => this.instances.find({ tenantId, _id: { $in: ids } }).lean<InstanceRecord[]>(), (doc) => doc._id);
    this.writes = new GroupWrite((ops) => this.instances.bulkWrite(ops, { ordered: false }), 0);
  }

  /**
   * The guarded writes of the events applied in one turn of the event loop,
   * in one command. Each is an upsert guarded by `rev` (instances are never
   * deleted): a write whose revision moved does not match, its insert meets
   * the primary key (E11000), and that caller alone learns it lost the race.
   */
  private readonly writes: GroupWrite<AnyBulkWriteOperation<InstanceRecord>>;

  /** One event's guarded write, sent with the others of this turn: whether it won. */
  private async guardedWrite(doc: InstanceRecord, guard: { version?: number }, update: UpdateQuery<InstanceRecord>): Promise<boolean> {
    const filter = { _id: doc._id, tenantId: doc.tenantId, rev: doc.rev, ...guard };
    const outcome = await retryTransient(() => this.writes.writeOne({ updateOne: { filter, update, upsert: true, setDefaultsOnInsert: false } }));
    return outcome === 'written';
  }

  /** An instance by id, read with the others asked for in the same turn (concurrent requests and events). */
  private readonly byId: GroupRead<InstanceRecord>;

  /** Starts an instance of a published version with validated form data. */
  async start(actor: Identity, definitionId: string, form: unknown, version?: number, chosen: Record<string, string[]> = {}) {
    const published = await this.definitions.published(actor.tenantId, definitionId, version);
    if (published.definition.kind !== 'approval') {
      // routing rules, SOP cadences and campaigns run in their own engine runtimes, never as a request
      throw new DomainError('conflict', `"${definitionId}" is a ${published.definition.kind} definition: the engine's ${published.definition.kind} runtime runs it; only approval definitions are submitted as requests`);
    }
    const problems = [...validateFormData(published.definition.form.fields, form), ...chosenProblems(published.definition, chosen)];
    if (problems.length === 0) problems.push(...await this.attachments.problemsOf(actor, published.definition.form.fields, form as Record<string, unknown>));
    if (problems.length > 0) throw new InvalidInput(problems, 'the form is invalid');
    const directory = await this.people.directory(actor.tenantId, actor.userId, directoryNeeds(published.definition));
    const id = randomUUID();
    const data = form as Record<string, unknown>;
    // conditions may read who submitted: initiator.departments, initiator.roles
    const initiator = initiatorOf({ id: actor.userId, name: actor.name, roles: actor.roles }, directory);
    const now = this.clock.now();
    const first = await this.placed(actor.tenantId, start(published.machine, { form: data, initiator, instance: { id }, directory, chosen }), now);
    const record: InstanceRecord = {
      _id: id,
      tenantId: actor.tenantId,
      definitionId,
      version: published.version,
      serial: await this.serials.next(actor.tenantId, published.definition, now),
      // the definition's name is plain words, never compiled as a template
      title: `${published.definition.name} · ${compileText('{{initiator.name}}')({ initiator })}`,
      status: first.status,
      at: first.at,
      form: data,
      snapshot: first.snapshot,
      rev: 1,
      copiedTo: first.context.copiedTo,
      outbox: [],
      outboxAt: now,
      history: [{
        rev: 1, type: 'submitted', actor: actor.userId, at: now, from: [], to: first.at, event: { type: 'submitted', form: data }, state: stateDigest(first.snapshot),
        ...(Object.keys(directory.roles).length > 0 ? { holders: holdingsOf(directory.roles) } : {}),
      },
        ...automaticEntries(1, now, [], [], first)],
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        record.outbox = deriveOutbox(factsOf(record), 1, { type: 'submitted' }, actorOf(actor), { status: null, at: [], path: [] }, first);
        await this.instances.create(record);
        break;
      } catch (error) {
        // a number already taken (a counter removed and started again from the highest stored): take the next one
        if (!isDuplicateKey(error) || attempt >= 5) throw error;
        record.serial = await this.serials.next(actor.tenantId, published.definition, now);
      }
    }
    await this.attachments.attach(actor.tenantId, id, published.definition.form.fields, data);
    this.relay.dispatchSoon(actor.tenantId, id, { ...record, summary: summaryAfter(record, record.history) });
    return view(record);
  }

  /**
   * Timers with the moment they are due, counted from this event (the step's
   * own clock); deadlines in working time placed on the tenant's calendar
   * first (the settings are read only when a step has one).
   */
  private async placed<S extends Pick<Step, 'effects'>>(tenantId: string, next: S, now: Date): Promise<S> {
    if (!next.effects.some((e) => e.type === 'scheduleTimer')) return next;
    const effects = next.effects.some((e) => e.type === 'scheduleTimer' && e.working) ? placeTimers(next.effects, await this.tenants.settingsOf(tenantId), now) : next.effects;
    return { ...next, effects: effects.map((e) => (e.type === 'scheduleTimer' ? { ...e, dueAt: now.getTime() + e.delayMs } : e)) };
  }

  /**
   * Role holders are resolved when a node is entered, not at submit: for an
   * event that enters a node naming a role, the snapshot's directory gets the
   * roles' current holders, so that node asks whoever holds the role now
   * (tasks already open stay with whom they were given). Other events read
   * nothing more.
   */
  private currentHolders(doc: InstanceRecord, definition: Definition): Promise<Record<string, string[]>> {
    return this.people.roleHolders(doc.tenantId, directoryNeeds(definition).roles, doc.createdBy);
  }

  /** Every event, counted in /metrics with its outcome and the database commands it took. */
  applyEvent(actor: EventActor, instanceId: string, event: InstanceEvent, details: Partial<HistoryEntry> = {}, loaded?: LoadedInstance) {
    return this.metrics.measureEvent(event.type, () => this.apply(actor, instanceId, event, details, loaded));
  }

  /**
   * Applies one event: load, compute the next state with the pure transition,
   * then write snapshot, history and effects in ONE update guarded by `rev`.
   * A lost race reloads and tries again; an event the new state refuses is a 409.
   */
  private async apply(actor: EventActor, instanceId: string, event: InstanceEvent, details: Partial<HistoryEntry>, loaded?: LoadedInstance) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // the caller's own read serves the first attempt: one load per event when nobody races
      const doc = attempt === 1 && loaded?.record._id === instanceId && loaded.record.tenantId === actor.tenantId ? loaded.record : await this.load(actor.tenantId, instanceId);
      if (doc.status !== 'running' && doc.status !== 'returned') throw new InstanceFinished(instanceId, doc.status);
      const { machine, definition } = await this.definitions.machineFor(doc.tenantId, doc.definitionId, doc.version);
      let next = step(machine, doc.snapshot, event);
      // an event that enters a node naming a role is worked out again with the role's holders as they are now (kept on its line for replay)
      const holders = next.accepted && entersRoleNode(definition, pathOf(doc), next) ? await this.currentHolders(doc, definition) : null;
      if (holders) next = step(machine, withRoleHolders(doc.snapshot, holders), event);
      if (!next.accepted) throw new EventNotAccepted(refusal(event, doc));
      const rev = doc.rev + 1;
      const now = this.clock.now();
      const entry: HistoryEntry = { rev, type: event.type, actor: actor.id, at: now, from: doc.at, to: next.at, ...details, event, state: stateDigest(next.snapshot), ...(holders ? { holders: holdingsOf(holders) } : {}) };
      const entries = [entry, ...automaticEntries(rev, now, doc.at, notesOf(doc), next)];
      const added = deriveOutbox(factsOf(doc), rev, event, actor, { status: doc.status, at: doc.at, path: pathOf(doc) }, await this.placed(doc.tenantId, next, now));
      const won = await this.guardedWrite(doc, {}, {
        // the form changes on a resubmit and when an approver edits an editable field
        $set: { snapshot: next.snapshot, status: next.status, at: next.at, rev, updatedAt: now, outboxAt: now, form: next.context.form, copiedTo: next.context.copiedTo },
        $push: { outbox: { $each: added }, history: { $each: entries } },
      });
      if (won) {
        this.relay.dispatchSoon(doc.tenantId, doc._id, {
          rev, outbox: [...doc.outbox, ...added], definitionId: doc.definitionId, outboxAt: now,
          summary: summaryAfter({ ...doc, status: next.status, updatedAt: now }, entries),
        });
        const form = next.context.form;
        return { instance: view({ ...doc, ...pick(next), form, rev, updatedAt: now, history: [...doc.history, ...entries] }), step: next };
      }
      await backoff(attempt);
    }
    throw new ConcurrentUpdate(instanceId);
  }

  /**
   * Moves one instance from version `from` to `to` as the migration's plan
   * says: new snapshot, one `migrated` history line and the plan's effects
   * (tasks closed and opened, timers moved) in ONE update guarded by `rev`
   * and the old version. The effects are keyed by that revision, so the
   * relay performs them once however often the batch is resumed; an instance
   * this migration already moved answers with the line it wrote then.
   */
  async migrate(actor: EventActor, instanceId: string, from: PublishedVersion, to: PublishedVersion, mapping: NodeMapping, migration: string): Promise<MigrationPlan | { outcome: 'already'; entry: HistoryEntry }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const doc = await this.load(actor.tenantId, instanceId);
      const done = doc.history.find((h) => h.type === 'migrated' && h.migration === migration);
      if (done) return { outcome: 'already', entry: done };
      if (doc.version !== from.version) return { outcome: 'refused', code: 'otherVersion', message: `the instance runs version ${doc.version}, not ${from.version}`, from: doc.at };
      const now = this.clock.now();
      const plan = this.migrationPlan(doc, from, to, mapping);
      if (plan.outcome === 'refused') return plan;
      const rev = doc.rev + 1;
      const moved = { ...doc, version: to.version };
      const entry: HistoryEntry = { rev, type: 'migrated', actor: actor.id, at: now, from: doc.at, to: plan.to, fromVersion: from.version, toVersion: to.version, migration, mapping,
        tasks: { closed: plan.closes, opened: plan.opens }, state: stateDigest(plan.snapshot) };
      const added = deriveOutbox(factsOf(moved), rev, { type: 'migrate', to: plan.to[0] ?? '' }, actor, { status: doc.status, at: doc.at, path: pathOf(doc) }, await this.placed(doc.tenantId, { ...plan, at: plan.to }, now));
      const won = await this.guardedWrite(doc, { version: from.version }, {
        $set: { version: to.version, snapshot: plan.snapshot, status: plan.status, at: plan.to, rev, updatedAt: now, outboxAt: now, copiedTo: plan.context.copiedTo },
        $push: { outbox: { $each: added }, history: entry },
      });
      if (won) {
        this.relay.dispatchSoon(doc.tenantId, doc._id, { rev, outbox: [...doc.outbox, ...added], definitionId: doc.definitionId, outboxAt: now });
        return plan;
      }
      await backoff(attempt);
    }
    throw new ConcurrentUpdate(instanceId);
  }

  /** What migrating this instance now would do: the dry run shows it, the batch writes it. */
  migrationPlan(doc: Pick<InstanceRecord, 'status' | 'at' | 'snapshot' | 'history'>, from: PublishedVersion, to: PublishedVersion, mapping: NodeMapping): MigrationPlan {
    return planMigration(from, to, mapping, { status: doc.status, at: doc.at, snapshot: doc.snapshot, enteredAt: enteredAt(doc) }, this.clock.now());
  }

  /**
   * A request as the caller may see it: the initiator and super admins see
   * everything; people with a task on it see the form as their node allows
   * (hidden fields absent); anyone else gets 404.
   */
  async get(actor: Identity, id: string) {
    const doc = await this.load(actor.tenantId, id);
    const { definition } = await this.definitions.machineFor(doc.tenantId, doc.definitionId, doc.version);
    // a sensitive request is shown under a watermark naming whoever looks at it, and when
    const watermark = definition.settings?.watermark ? { text: `${actor.name} · ${actor.userId}`, date: this.clock.now().toISOString().slice(0, 10) } : null;
    // where each open approval stands (groups, weights, veto), for its approvers and the initiator
    const tally = talliesAt(definition, (doc.snapshot as { context: InstanceContext }).context, doc.at);
    return { ...view({ ...doc, form: await this.formFor(actor, doc) }), watermark, tally };
  }

  async history(actor: Identity, id: string) {
    const doc = await this.load(actor.tenantId, id);
    const full = await this.formFor(actor, doc) === doc.form;
    // the recorded event carries form data and is for replay; the history shows its words
    const items = doc.history.map(({ event: _event, holders: _holders, formBefore, ...entry }) => (full && formBefore ? { ...entry, formBefore } : entry));
    // an automatic step explains itself in every language the product speaks
    return { items: items.map((entry) => (entry.reason ? { ...entry, explanation: explainAll(entry.reason) } : entry)) };
  }

  /** The request stepped through again from its recorded events; whoever may read it may replay it, seeing the same fields. */
  async replay(actor: Identity, id: string) {
    const doc = await this.load(actor.tenantId, id);
    const visible = await this.formFor(actor, doc);
    // a migrated request started on another version: each version it ran on steps its own events
    const versions = [...new Set([...doc.history.flatMap((h) => (h.type === 'migrated' ? [h.fromVersion!, h.toVersion!] : [])), doc.version])];
    const compiled = new Map(await Promise.all(versions.map(async (v) => [v, await this.definitions.machineFor(doc.tenantId, doc.definitionId, v)] as const)));
    return replayOf(doc, compiled, visible === doc.form ? null : Object.keys(visible));
  }

  private async formFor(actor: Identity, doc: InstanceRecord): Promise<Record<string, unknown>> {
    if (doc.createdBy === actor.userId || actor.roles.includes('superAdmin') || (doc.copiedTo ?? []).includes(actor.userId)) return doc.form;
    const latest = await this.tasks.latestNodeOf(actor.tenantId, doc._id, actor.userId);
    if (latest === null) throw new NotFound('instance', doc._id);
    const { definition } = await this.definitions.machineFor(doc.tenantId, doc.definitionId, doc.version);
    const node = definition.nodes.find((n) => n.id === latest);
    return visibleForm((node?.config ?? {}) as Pick<ApprovalConfig, 'fields'>, doc.form);
  }

  async list(actor: Identity, filter: ListFilter) {
    const query: FilterQuery<InstanceRecord> = { tenantId: actor.tenantId };
    if (!actor.roles.includes('superAdmin')) {
      // people see the requests they made and the ones they have a task on
      const involved = await this.tasks.instanceIdsOf(actor.tenantId, actor.userId);
      query.$or = [{ createdBy: actor.userId }, { _id: { $in: involved } }, { copiedTo: actor.userId }];
    }
    if (filter.copied) query.copiedTo = actor.userId;
    if (filter.definitionId) query.definitionId = filter.definitionId;
    if (filter.status) query.status = filter.status;
    if (filter.mine) query.createdBy = actor.userId;
    const [items, total] = await Promise.all([
      this.instances.find(query).sort({ createdAt: -1, _id: 1 }).skip(filter.offset).limit(filter.limit).select({ snapshot: 0, outbox: 0, history: 0 }).lean(),
      this.instances.countDocuments(query),
    ]);
    return { items: items.map(summary), total, limit: filter.limit, offset: filter.offset };
  }

  /** The initiator edits a returned request and sends it back to the node that returned it. */
  async resubmit(actor: Identity, id: string, form: unknown, comment?: string) {
    const doc = await this.load(actor.tenantId, id);
    if (doc.createdBy !== actor.userId) throw new DomainError('forbidden', 'only the person who submitted a request can resubmit it');
    if (doc.status !== 'returned') throw new DomainError('conflict', `request "${id}" is ${doc.status}, not returned`);
    const { definition } = await this.definitions.machineFor(doc.tenantId, doc.definitionId, doc.version);
    const problems = validateFormData(definition.form.fields, form);
    if (problems.length > 0) throw new InvalidInput(problems, 'the form is invalid');
    const { instance } = await this.applyEvent(actorOf(actor), id, { type: 'resubmit', by: actor.userId, form: form as Record<string, unknown> },
      { ...(comment ? { comment } : {}), formBefore: doc.form });
    return instance;
  }

  /** Which published version an instance runs, and its current form. */
  async versionOf(tenantId: string, id: string) {
    const doc = await this.load(tenantId, id);
    return { definitionId: doc.definitionId, version: doc.version, form: doc.form, loaded: { record: doc } as LoadedInstance };
  }

  /** Reminds the people holding the request's open tasks; each task at most once per 10 minutes. */
  async urge(actor: Identity, id: string) {
    const doc = await this.load(actor.tenantId, id);
    if (doc.createdBy !== actor.userId) throw new DomainError('forbidden', 'only the person who submitted a request can urge it');
    if (doc.status !== 'running') throw new DomainError('conflict', `request "${id}" is ${doc.status}; there is nobody to urge`);
    const open = await this.tasks.pendingOf(actor.tenantId, id);
    const urged: typeof open = [];
    for (const task of open) {
      const set = await this.redis.set(`${this.config.QUEUE_PREFIX}:urge:${task._id}`, actor.userId, 'EX', URGE_EVERY_SECONDS, 'NX');
      if (set === 'OK') urged.push(task);
    }
    if (urged.length === 0) {
      const waits = await Promise.all(open.map((t) => this.redis.ttl(`${this.config.QUEUE_PREFIX}:urge:${t._id}`)));
      const retryAfter = Math.max(1, Math.min(...waits.filter((w) => w > 0), URGE_EVERY_SECONDS));
      throw new RateLimited(open.length === 0 ? 'no open task to urge yet' : `already urged; try again in ${retryAfter} s`, retryAfter);
    }
    await this.annotate(actorOf(actor), id, { type: 'urge', comment: `urged ${urged.map((t) => t.assignee).join(', ')}` },
      [{ type: 'notify', kind: 'urged', to: urged.map((t) => t.assignee), actor: actor.userId, node: urged[0]!.node }]);
    return { urged: urged.map((t) => ({ taskId: t._id, assignee: t.assignee })) };
  }

  /** A comment on the request; @someone notifies them. Initiator, task holders and super admins may comment. */
  async comment(actor: Identity, id: string, text: string) {
    const doc = await this.load(actor.tenantId, id);
    const involved = doc.createdBy === actor.userId || actor.roles.includes('superAdmin')
      || (await this.tasks.involves(actor.tenantId, id, actor.userId));
    if (!involved) throw new DomainError('forbidden', 'only people involved in a request can comment on it');
    const named = [...new Set([...text.matchAll(/@([A-Za-z0-9][A-Za-z0-9._-]*)/g)].map((m) => m[1]!.replace(/[.]+$/, '')))];
    const mentions = named.length === 0 ? [] : await this.users.activeIds(actor.tenantId, named);
    const recipients = mentions.filter((m) => m !== actor.userId);
    await this.annotate(actorOf(actor), id, { type: 'comment', comment: text, mentions },
      recipients.length > 0 ? [{ type: 'notify', kind: 'mentioned', to: recipients, actor: actor.userId, comment: text }] : []);
    return { comment: text, mentions };
  }

  /** A line in the history that changes no state (comment, urge), written like an event: one guarded update. */
  private async annotate(actor: EventActor, instanceId: string, line: Partial<HistoryEntry> & { type: string }, notes: NotifyEffect[]) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const doc = await this.load(actor.tenantId, instanceId);
      const rev = doc.rev + 1;
      const now = this.clock.now();
      const entry: HistoryEntry = { rev, actor: actor.id, at: now, from: doc.at, to: doc.at, ...line };
      const added = annotationOutbox(doc._id, rev, line.type, actor, doc, notes);
      const won = await this.guardedWrite(doc, {}, {
        $set: { rev, updatedAt: now, outboxAt: now },
        $push: { history: entry, outbox: { $each: added } },
      });
      if (won) {
        this.relay.dispatchSoon(doc.tenantId, doc._id, { rev, outbox: [...doc.outbox, ...added], definitionId: doc.definitionId, outboxAt: now });
        return;
      }
      await backoff(attempt);
    }
    throw new ConcurrentUpdate(instanceId);
  }

  /** Checks where a return may go before it is applied, so a bad target gets a clear answer. */
  async returnTargetOf(actor: Identity, id: string, node: string, to: string): Promise<string> {
    const doc = await this.load(actor.tenantId, id);
    const context = (doc.snapshot as { context: { path: string[]; approvals: Array<{ node: string; by: string }> } }).context;
    const target = returnTarget(context, node, to);
    if (!target) {
      throw new DomainError('unprocessable', `cannot return to "${to}"`, [{
        pointer: '/body/to', message: to === 'previous' ? 'there is no earlier approval node' : `"${to}" is not a node this request has passed before "${node}"`,
      }]);
    }
    return target;
  }

  async withdraw(actor: Identity, id: string, comment?: string) {
    const doc = await this.load(actor.tenantId, id);
    if (doc.createdBy !== actor.userId) throw new DomainError('forbidden', 'only the person who submitted a request can withdraw it');
    const { instance } = await this.applyEvent(actorOf(actor), id, { type: 'withdraw', by: actor.userId }, { comment });
    return instance;
  }

  private async load(tenantId: string, id: string): Promise<InstanceRecord> {
    const doc = await this.byId.read(tenantId, id);
    if (!doc) throw new NotFound('instance', id);
    return doc;
  }
}

/** People chosen at submit time must be for approval nodes that ask for them. */
function chosenProblems(def: Definition, chosen: Record<string, string[]>): Problem[] {
  return Object.keys(chosen).filter((node) => !def.nodes.some((n) => n.id === node && n.type === 'approval'
    && ((n.config as { assignees?: Array<{ type: string }> } | undefined)?.assignees ?? []).some((a) => a.type === 'chosen')))
    .map((node) => ({ pointer: `/body/chosen/${node}`, message: `node "${node}" does not let the initiator choose approvers` }));
}

function notesOf(doc: InstanceRecord): Note[] {
  return (doc.snapshot as { context?: { notes?: Note[] } }).context?.notes ?? [];
}

/** The history lines of what the engine did on its own while handling an event: by `system`, each with its reason. */
function automaticEntries(rev: number, at: Date, from: string[], before: Note[], next: Pick<Step, 'at' | 'context'>): HistoryEntry[] {
  return automaticSteps(before, next.context.notes).map((step) => ({ rev, at, from, to: next.at, ...step }));
}

/** Role holders as a history line keeps them: a list, since role codes are not safe as stored keys. */
function holdingsOf(roles: Record<string, string[]>): Array<{ role: string; users: string[] }> {
  return Object.entries(roles).map(([role, users]) => ({ role, users }));
}

/** Whether the nodes entered (the path's new part) name a business or access role, or the request ends and copy-on-finish names one. */
function entersRoleNode(def: Definition, before: readonly string[], next: Pick<Step, 'status' | 'context'>): boolean {
  const entered = new Set(next.context.path.slice(before.length));
  const finishing = next.status !== 'running' && next.status !== 'returned';
  return directoryNeeds({ nodes: def.nodes.filter((n) => entered.has(n.id)), settings: finishing ? def.settings : {} }).roles.length > 0;
}

/** When the instance entered where it waits: the last line that moved it. */
function enteredAt(doc: Pick<InstanceRecord, 'history'>): Date | undefined {
  const moved = [...doc.history].reverse().find((h) => h.to.join() !== h.from.join() || h.type === 'submitted');
  return moved ? new Date(moved.at) : undefined;
}

function pathOf(doc: InstanceRecord): string[] {
  return (doc.snapshot as { context?: { path?: string[] } }).context?.path ?? [];
}

/** What the outbox needs of an instance: its identity and who submitted it. */
function factsOf(doc: Pick<InstanceRecord, '_id' | 'definitionId' | 'version' | 'serial' | 'createdBy'>): InstanceFacts {
  return { id: doc._id, definitionId: doc.definitionId, version: doc.version, serial: doc.serial, initiator: doc.createdBy };
}

function pick(next: Step) {
  return { snapshot: next.snapshot, status: next.status, at: next.at };
}

function refusal(event: InstanceEvent, doc: InstanceRecord): string {
  if (event.type === 'withdraw') return 'the request can no longer be withdrawn: someone has decided, or its definition does not allow it';
  if (event.type === 'decide' || event.type === 'return') return `the task at "${event.node}" is already decided or no longer open (instance is at ${doc.at.join(', ') || 'its end'})`;
  return `the instance is at ${doc.at.join(', ')} and does not accept "${event.type}" now`;
}

/** Retries a guarded write when the database has a passing trouble; the rev guard makes a repeat harmless. */
async function retryTransient<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransientDatabaseError(error) || attempt >= attempts) throw error;
      await backoff(attempt * 20);
    }
  }
}

/** Spreads retries of a lost optimistic-lock race so they do not collide again. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
}

function summary(doc: Omit<InstanceRecord, 'snapshot' | 'outbox' | 'history'>) {
  return {
    id: doc._id, serial: doc.serial, definitionId: doc.definitionId, version: doc.version, title: doc.title, status: doc.status,
    at: doc.at, createdBy: doc.createdBy, copiedTo: doc.copiedTo ?? [], createdAt: doc.createdAt, updatedAt: doc.updatedAt,
  };
}

export function view(doc: InstanceRecord) {
  const context = (doc.snapshot as { context?: { path?: string[]; vars?: Record<string, unknown>; notes?: unknown[] } }).context ?? {};
  return { ...summary(doc), rev: doc.rev, form: doc.form, vars: context.vars ?? {}, path: context.path ?? [], notes: context.notes ?? [] };
}
