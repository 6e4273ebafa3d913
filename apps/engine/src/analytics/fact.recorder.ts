import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../database/errors';
import { INSTANCE, type InstanceRecord } from '../instances/instance.schema';
import type { SopRunRecord } from '../reminders/sop.schema';
import { DEPARTMENT, USER, type DepartmentRecord, type UserRecord } from '../org/org.schema';
import { TASK, type TaskRecord } from '../tasks/task.schema';
import { FACT, type FactKind, type FactRecord } from './fact.schema';
import { bucketOf, periodsOf } from './histogram';
import { findById } from '../database/by-id';

const ENDINGS = new Set(['instance.completed', 'instance.rejected', 'instance.withdrawn', 'instance.failed']);
const DECISIONS = new Set(['approved', 'rejected', 'returned']);

/** The task a published event carries (see publicationsOf in instances.service.ts). */
interface TaskEventData {
  taskId?: string;
  status?: string;
}

/**
 * Turns the instance and task events the effects worker publishes into
 * dashboard facts. Called for every `publish` effect, possibly more than once
 * (a retried job): each fact is an insert with a deterministic id, so the
 * second one is a duplicate key and changes nothing.
 */
@Injectable()
export class FactRecorder {
  constructor(
    @InjectModel(FACT) private readonly facts: Model<FactRecord>,
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    @InjectModel(TASK) private readonly tasks: Model<TaskRecord>,
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
  ) {}

  /** `rev` is the instance revision that caused the event: its history entry says when. */
  async record(tenantId: string, instanceId: string, event: string, rev: number, data: TaskEventData): Promise<void> {
    if (event !== 'instance.started' && !ENDINGS.has(event) && !(event === 'task.closed' && DECISIONS.has(data.status ?? ''))) return;
    const instance = await findById(this.instances, instanceId, { tenantId }, { definitionId: 1, createdBy: 1, createdAt: 1, updatedAt: 1, history: 1 });
    if (!instance) return;
    const at = event === 'instance.started' ? instance.createdAt : (instance.history.find((h) => h.rev === rev)?.at ?? instance.updatedAt);
    const initiatorDepartments = await this.departmentsOf(tenantId, instance.createdBy);
    const base = { tenantId, definitionId: instance.definitionId, instanceId, initiator: instance.createdBy, initiatorDepartments, departments: initiatorDepartments };
    if (event === 'instance.started') return this.insert('submitted', instanceId, { ...base, at: new Date(at) });
    if (ENDINGS.has(event)) {
      return this.insert('ended', instanceId, { ...base, at: new Date(at), status: event.slice('instance.'.length), ...duration(instance.createdAt, at) });
    }
    const task = data.taskId ? await findById(this.tasks, data.taskId, { tenantId }, { node: 1, assignee: 1, createdAt: 1 }) : null;
    // no task record: nobody was asked (an approval given automatically, e.g. the initiator's own), so no response to time
    if (!task) return;
    await this.insert('decision', task._id, {
      ...base, departments: await this.departmentsOf(tenantId, task.assignee), at: new Date(at), status: data.status!,
      node: task.node, assignee: task.assignee, ...duration(task.createdAt, at),
    });
  }

  /**
   * An SOP cadence's first response, timed against its target when it is
   * recorded: FerretDB v1 cannot compare two fields in a query ($expr and
   * $subtract are not implemented), so "met" is decided here, once.
   * The instance fields name the run; initiator and assignee its owner.
   */
  async recordFirstResponse(run: Pick<SopRunRecord, 'tenantId' | 'id' | 'definitionId' | 'owner' | 'startedAt' | 'targetMs' | 'firstResponseAt'>): Promise<void> {
    if (!run.firstResponseAt) return;
    const departments = await this.departmentsOf(run.tenantId, run.owner);
    const took = duration(run.startedAt, run.firstResponseAt);
    await this.insert('first-response', run.id, {
      tenantId: run.tenantId, definitionId: run.definitionId, instanceId: run.id, initiator: run.owner, assignee: run.owner,
      initiatorDepartments: departments, departments, at: new Date(run.firstResponseAt),
      status: run.targetMs === null ? 'no-target' : took.ms <= run.targetMs ? 'met' : 'missed', ...took,
    });
  }

  /** The person's departments and all their ancestors. */
  private async departmentsOf(tenantId: string, userId: string): Promise<string[]> {
    const user = await this.users.findOne({ tenantId, id: userId }).select({ departments: 1 }).lean();
    if (!user?.departments.length) return [];
    const departments = await this.departments.find({ tenantId, id: { $in: user.departments } }).select({ id: 1, ancestors: 1 }).lean();
    return [...new Set(departments.flatMap((d) => [...d.ancestors, d.id]))];
  }

  private async insert(kind: FactKind, subject: string, fields: Omit<FactRecord, '_id' | 'kind' | 'day' | 'week' | 'status' | 'node' | 'assignee' | 'ms' | 'bucket'>
    & Partial<Pick<FactRecord, 'status' | 'node' | 'assignee' | 'ms' | 'bucket'>>): Promise<void> {
    try {
      await this.facts.create({ _id: `${kind}:${subject}`, kind, ...periodsOf(fields.at), ...fields });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

function duration(from: Date, to: Date): { ms: number; bucket: number } {
  const ms = Math.max(0, new Date(to).getTime() - new Date(from).getTime());
  return { ms, bucket: bucketOf(ms) };
}
