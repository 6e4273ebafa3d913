import { Injectable, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { forbiddenChanges, reason, validateFormData, visibleForm, type ApprovalConfig, type Effect } from '@baton/dsl';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import { DefinitionsService } from '../definitions/definitions.service';
import { PeopleRepository } from '../org/people.repository';
import { SIGNATURE, type SignatureRecord } from './signature.schema';
import { createHash } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { actorOf, InstancesService } from '../instances/instances.service';
import { TASK, taskId, type TaskRecord, type TaskStatus } from './task.schema';
import { GroupRead } from '../database/group-read';
import { GroupWrite } from '../database/group-write';

export type TaskEffect = Extract<Effect, { type: 'createTasks' | 'closeTasks' | 'transferTask' }> & { rev: number };
type TaskFields = Partial<Pick<TaskRecord, 'status' | 'title' | 'decidedBy'>>;

/** The task records one effect writes: whose task, with which fields. */
function writesOf(effect: TaskEffect): Array<{ assignee: string; fields: TaskFields }> {
  switch (effect.type) {
    case 'createTasks':
      return effect.assignees.map((assignee) => ({ assignee, fields: { status: 'pending', title: effect.title } }));
    case 'closeTasks':
      // each settled task names who decided it: its holder, the system (a deadline), or the event's decider
      return effect.statuses.map(({ assignee, status, by }) => ({ assignee, fields: { status, decidedBy: by === undefined ? effect.by : by } }));
    case 'transferTask':
      return [
        { assignee: effect.from, fields: { status: 'transferred', decidedBy: effect.to } },
        { assignee: effect.to, fields: { status: 'pending', title: effect.title } },
      ];
  }
}

const SIGNATURE_MAX_BYTES = 200_000;

export class NotYourTask extends DomainError {
  constructor(id: string) {
    super('forbidden', `task "${id}" is assigned to someone else`);
  }
}

export class TaskAlreadyDecided extends DomainError {
  constructor(id: string, status: string) {
    super('conflict', `task "${id}" is already ${status}`);
  }
}


@Injectable()
export class TasksService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(TASK) private readonly tasks: Model<TaskRecord>,
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly users: PeopleRepository,
    @InjectModel(SIGNATURE) private readonly signatures: Model<SignatureRecord>,
  ) {
    this.writes = new GroupWrite((ops) => this.tasks.bulkWrite(ops, { ordered: false }));
    this.byId = new GroupRead((tenantId, ids) => this.tasks.find({ tenantId, _id: { $in: ids } }).lean(), (task) => task._id);
  }

  /** A task by id, read with the others asked for in the same turn (concurrent decisions). */
  private readonly byId: GroupRead<TaskRecord>;

  /** The task writes of events performed at the same moment go in one bulk write. */
  private readonly writes: GroupWrite<AnyBulkWriteOperation<TaskRecord>>;

  async inbox(actor: Identity, filter: { status: TaskStatus; limit: number; offset: number }) {
    const query = { tenantId: actor.tenantId, assignee: actor.userId, status: filter.status };
    const [items, total] = await Promise.all([
      this.tasks.find(query).sort({ createdAt: -1, _id: 1 }).skip(filter.offset).limit(filter.limit).lean(),
      this.tasks.countDocuments(query),
    ]);
    return { items: items.map(view), total, limit: filter.limit, offset: filter.offset };
  }

  async get(actor: Identity, id: string) {
    const task = await this.byId.read(actor.tenantId, id);
    if (!task) throw new NotFound('task', id);
    if (task.assignee !== actor.userId) throw new NotYourTask(id);
    return task;
  }

  /** The tasks of a request the actor may read (instances.get refuses the others), oldest first. */
  async ofInstance(actor: Identity, instanceId: string) {
    await this.instances.get(actor, instanceId);
    const items = await this.tasks.find({ tenantId: actor.tenantId, instanceId }).lean();
    items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    // names for the "pending with" line: a requester may not list the organisation
    const people = await this.users.many(actor.tenantId, [...new Set(items.map((t) => t.assignee))]);
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    return {
      items: items.map((t) => ({
        node: t.node, assignee: t.assignee, assigneeName: nameOf.get(t.assignee) ?? t.assignee, status: t.status, decidedBy: t.decidedBy, createdAt: t.createdAt, updatedAt: t.updatedAt,
      })),
    };
  }

  /** A task with the request's form as this node lets its approvers see it, and what they may edit. */
  async detail(actor: Identity, id: string) {
    const task = await this.get(actor, id);
    const instance = await this.instances.get(actor, task.instanceId);
    const { config } = await this.stepOf(actor.tenantId, task);
    return { task: view(task), instance, fields: config.fields ?? {} };
  }

  /** The task's node config, the definition and the current form, from one read of the instance. */
  private async stepOf(tenantId: string, task: Pick<TaskRecord, 'instanceId' | 'node'>) {
    const { definitionId, version, form, loaded } = await this.instances.versionOf(tenantId, task.instanceId);
    const { definition } = await this.definitions.machineFor(tenantId, definitionId, version);
    const config = (definition.nodes.find((n) => n.id === task.node)?.config ?? { assignees: [] }) as unknown as ApprovalConfig;
    return { config, definition, form, loaded };
  }

  /**
   * A node that asks for a signature gets a PNG data URL of at most
   * SIGNATURE_MAX_BYTES; it is kept under the task's id with its SHA-256,
   * which the history records with the decision.
   */
  private async keepSignature(actor: Identity, task: TaskRecord, config: ApprovalConfig, signature?: string): Promise<string | null> {
    if (!config.requireSignature) return null;
    if (!signature) throw new DomainError('unprocessable', 'this step needs your signature', [{ pointer: '/body/signature', message: 'is required at this step' }]);
    const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(signature);
    const bytes = match ? Buffer.from(match[1]!, 'base64') : null;
    if (!bytes || bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') {
      throw new InvalidInput([{ pointer: '/body/signature', message: 'must be a PNG image as a data URL (data:image/png;base64,...)' }]);
    }
    if (bytes.length > SIGNATURE_MAX_BYTES) throw new InvalidInput([{ pointer: '/body/signature', message: `must be at most ${SIGNATURE_MAX_BYTES} bytes` }]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.signatures.updateOne({ tenantId: actor.tenantId, id: task._id },
      { $set: { instanceId: task.instanceId, node: task.node, userId: actor.userId, sha256, image: signature, createdAt: this.clock.now() } }, { upsert: true });
    return sha256;
  }

  /** Edits an approver makes while deciding: only fields the node marks editable, and the whole form must stay valid. */
  private checkChanges(step: Awaited<ReturnType<TasksService['stepOf']>>, changes: Record<string, unknown>): void {
    const { config, definition, form } = step;
    const refused = forbiddenChanges(config, changes);
    if (refused.length > 0) {
      throw new DomainError('forbidden', `${refused.join(', ')} cannot be changed at this step`,
        refused.map((key) => ({ pointer: `/body/changes/${key}`, message: `is ${config.fields?.[key] ?? 'readonly'} at this step` })));
    }
    const problems = validateFormData(definition.form.fields, { ...form, ...changes });
    if (problems.length > 0) throw new InvalidInput(problems, 'the changed form is invalid');
  }

  /**
   * A decision is an event on the instance; the instance's guarded write is
   * what makes exactly one of two concurrent deciders win.
   */
  async decide(actor: Identity, id: string, outcome: 'approved' | 'rejected', comment?: string, changes?: Record<string, unknown>, signature?: string, via?: 'email' | 'chat') {
    const task = await this.get(actor, id);
    if (task.status !== 'pending') throw new TaskAlreadyDecided(id, task.status);
    const step = await this.stepOf(actor.tenantId, task);
    if (changes && Object.keys(changes).length > 0) this.checkChanges(step, changes);
    const signed = outcome === 'approved' ? await this.keepSignature(actor, task, step.config, signature) : null;
    const { instance } = await this.instances.applyEvent(
      actorOf(actor),
      task.instanceId,
      { type: 'decide', node: task.node, visit: task.visit, by: actor.userId, outcome, ...(comment ? { comment } : {}), ...(changes ? { changes } : {}) },
      { node: task.node, outcome, taskOpenedAt: task.createdAt, ...(comment ? { comment } : {}), ...(signed ? { signature: signed } : {}), ...(via ? { via, reason: reason('viaLink', { channel: via }) } : {}) },
      step.loaded,
    );
    // the approver sees the request as their node shows it
    return { task: { ...view(task), status: outcome, decidedBy: actor.userId }, instance: { ...instance, form: visibleForm(step.config, instance.form) } };
  }

  /**
   * A task as a one-tap link sees it: the task (null when there is none),
   * and whether its step needs the task page (a signature, or fields the
   * approver may edit), where a link cannot decide.
   */
  async forLink(tenantId: string, id: string) {
    const task = await this.tasks.findOne({ _id: id, tenantId }).lean();
    if (!task) return { task: null, needsTaskPage: false };
    const { config } = await this.stepOf(tenantId, task);
    return { task, needsTaskPage: needsTaskPage(config) };
  }

  /** A decision from a one-tap link, by the task's holder (who must still be active), recorded as made by that link. */
  async decideByLink(tenantId: string, id: string, outcome: 'approved' | 'rejected', via: 'email' | 'chat', comment: string | undefined, ip: string | null) {
    const task = await this.tasks.findOne({ _id: id, tenantId }).lean();
    const holder = task ? await this.users.find(tenantId, task.assignee) : null;
    if (!task || !holder?.active) throw new NotFound('task', id);
    const actor: Identity = { tenantId, userId: holder.id, name: holder.name, roles: ['member'], adminOf: [], kind: 'user', ip };
    return this.decide(actor, id, outcome, comment, undefined, undefined, via);
  }

  /** Hands my task to another active person of the tenant. */
  async transferTo(actor: Identity, id: string, to: string, comment?: string) {
    const task = await this.get(actor, id);
    if (task.status !== 'pending') throw new TaskAlreadyDecided(id, task.status);
    await this.mustBeSomeoneElse(actor, to, '/body/to');
    await this.instances.applyEvent(actorOf(actor), task.instanceId,
      { type: 'transfer', node: task.node, visit: task.visit, from: actor.userId, to, by: actor.userId },
      { node: task.node, outcome: `transferred to ${to}`, ...(comment ? { comment } : {}) });
    return { task: { ...view(task), status: 'transferred', decidedBy: to }, instance: await this.instances.get(actor, task.instanceId) };
  }

  /** Asks someone else to sign at this step: before me (I decide after them), after me (I approve now), or in parallel (we both decide now). */
  async addSigner(actor: Identity, id: string, who: string, position: 'before' | 'after' | 'parallel') {
    const task = await this.get(actor, id);
    if (task.status !== 'pending') throw new TaskAlreadyDecided(id, task.status);
    await this.mustBeSomeoneElse(actor, who, '/body/who');
    const { instance } = await this.instances.applyEvent(actorOf(actor), task.instanceId,
      { type: 'addSigner', node: task.node, visit: task.visit, by: actor.userId, who, position },
      { node: task.node, outcome: `added ${who} to sign ${position}` });
    const status = { after: 'approved', before: 'waiting', parallel: 'pending' }[position];
    return { task: { ...view(task), status }, instance: { id: instance.id, status: instance.status, at: instance.at } };
  }

  private async mustBeSomeoneElse(actor: Identity, userId: string, pointer: string): Promise<void> {
    const user = await this.users.find(actor.tenantId, userId);
    if (!user || !user.active || userId === actor.userId) {
      throw new InvalidInput([{ pointer, message: !user ? `unknown user "${userId}"` : !user.active ? `"${userId}" is deactivated` : 'that is you' }]);
    }
  }

  /** Returns the request from this task's node to an earlier node or to the initiator. */
  async sendBack(actor: Identity, id: string, to: string, comment?: string) {
    const task = await this.get(actor, id);
    if (task.status !== 'pending') throw new TaskAlreadyDecided(id, task.status);
    const target = await this.instances.returnTargetOf(actor, task.instanceId, task.node, to);
    const { instance } = await this.instances.applyEvent(actorOf(actor), task.instanceId,
      { type: 'return', node: task.node, visit: task.visit, by: actor.userId, to, ...(comment ? { comment } : {}) },
      { node: task.node, outcome: `returned to ${target}`, taskOpenedAt: task.createdAt, ...(comment ? { comment } : {}) });
    return { task: { ...view(task), status: 'returned', decidedBy: actor.userId }, instance };
  }

  /**
   * Effects: open, settle and transfer tasks, all of one event's in one
   * bulk write. Each write is an upsert guarded by rev: a task a newer
   * revision wrote does not match, so the upsert's insert meets the primary
   * key (E11000) and nothing changes; a repeat of the same event is a no-op.
   */
  async perform(effects: readonly TaskEffect[], { tenantId, instanceId, definitionId }: { tenantId: string; instanceId: string; definitionId: string }): Promise<void> {
    const now = this.clock.now();
    const writes = effects.flatMap((effect) => writesOf(effect).map(({ assignee, fields }) => ({
      updateOne: {
        filter: { _id: taskId(instanceId, effect.node, effect.visit, assignee), rev: { $lt: effect.rev } },
        update: {
          $set: { ...fields, rev: effect.rev, updatedAt: now },
          $setOnInsert: { tenantId, instanceId, definitionId, node: effect.node, visit: effect.visit, assignee, createdAt: now },
        },
        upsert: true,
      },
    })));
    // a duplicate key: a newer revision already wrote that task, and the older effect has nothing to add there
    await this.writes.writeAll(writes);
  }

  /** Pending tasks of one person, for offboarding. */
  pendingOf(tenantId: string, assignee: string) {
    return this.tasks.find({ tenantId, assignee, status: 'pending' }).lean();
  }
}

/** A step a link cannot decide: the approver must sign, or may edit fields. */
export function needsTaskPage(config: Pick<ApprovalConfig, 'requireSignature' | 'fields'>): boolean {
  return Boolean(config.requireSignature) || Object.values(config.fields ?? {}).includes('editable');
}

function view(t: TaskRecord) {
  return {
    id: t._id, instanceId: t.instanceId, definitionId: t.definitionId, node: t.node, title: t.title,
    status: t.status, assignee: t.assignee, decidedBy: t.decidedBy, createdAt: t.createdAt, updatedAt: t.updatedAt,
  };
}
