import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EffectHandlers, type EventRef } from '../effects/effect-handlers.service';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { GroupWrite } from '../database/group-write';
import { InstancesRepository } from '../instances/instances.repository';
import type { SopFacts, SopFirstResponse, SopStepTaken } from '../reminders/reminders.ports';
import type { RoutedResponse, RoutingFacts } from '../routing/routing.ports';
import { PeopleRepository } from '../org/people.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { FactCounters } from './fact.counters';
import { FACT, type FactKind, type FactRecord } from './fact.schema';
import { bucketOf, periodsOf } from './histogram';

const ENDINGS = new Set(['instance.completed', 'instance.rejected', 'instance.withdrawn', 'instance.failed']);
const DECISIONS = new Set(['approved', 'rejected', 'returned']);

/** The task a published event carries (see publicationsOf in instances.service.ts). */
interface TaskEventData {
  taskId?: string;
  status?: string;
  node?: string;
  assignee?: string;
}

/**
 * Turns the instance and task events the effects worker publishes into
 * dashboard facts. Called for every `publish` effect, possibly more than once
 * (a retried job): each fact is an insert with a deterministic id, so the
 * second one is a duplicate key and changes nothing. Every fact is then
 * counted (FactCounters, in a batch with others a moment later), also when
 * the insert was a duplicate: a job that died between the insert and the
 * count counts on its retry (or the sweep does), and the fact's `counted`
 * mark and the counters' own marks keep it to once.
 */
@Injectable()
export class FactRecorder implements OnModuleInit, RoutingFacts, SopFacts {
  constructor(
    @InjectModel(FACT) private readonly facts: Model<FactRecord>,
    private readonly instances: InstancesRepository,
    private readonly tasks: TasksRepository,
    private readonly people: PeopleRepository,
    private readonly counters: FactCounters,
    private readonly handlers: EffectHandlers,
  ) {
    this.inserts = new GroupWrite((docs) => this.facts.collection.insertMany(docs as never[], { ordered: false }));
  }

  /** The facts of events performed at the same moment go in one insert. */
  private readonly inserts: GroupWrite<FactRecord>;

  /** The dashboards are a projection of the published events. */
  onModuleInit(): void {
    this.handlers.on('publish', 'analytics', async (effects, event) => {
      for (const e of effects) await this.record(event.tenantId, event.instanceId, e.event, e.rev, e.data, event);
    });
  }

  /** `rev` is the instance revision that caused the event: its history entry says when. */
  async record(tenantId: string, instanceId: string, event: string, rev: number, data: TaskEventData, { shared, people: named }: Pick<EventRef, 'shared' | 'people'> = {}): Promise<void> {
    if (event !== 'instance.started' && !ENDINGS.has(event) && !(event === 'task.closed' && DECISIONS.has(data.status ?? ''))) return;
    const instance = await this.instances.summary(tenantId, instanceId, shared);
    if (!instance) return;
    const entry = instance.history.find((h) => h.rev === rev);
    const at = event === 'instance.started' ? instance.createdAt : (entry?.at ?? instance.updatedAt);
    const people = await this.people.lookup(tenantId, shared, named);
    const initiatorDepartments = await people.departmentsAbove(instance.createdBy);
    const base = { tenantId, definitionId: instance.definitionId, instanceId, initiator: instance.createdBy, initiatorDepartments, departments: initiatorDepartments };
    if (event === 'instance.started') return this.insert('submitted', instanceId, { ...base, at: new Date(at) });
    if (ENDINGS.has(event)) {
      return this.insert('ended', instanceId, { ...base, at: new Date(at), status: event.slice('instance.'.length), ...duration(instance.createdAt, at) });
    }
    // a person's decision says when their task was opened; other closings (the system deciding) read the task
    const decided = entry?.taskOpenedAt && data.taskId && entry.actor === data.assignee && entry.node === data.node;
    const task = decided ? { _id: data.taskId!, node: data.node!, assignee: data.assignee!, createdAt: new Date(entry.taskOpenedAt!) }
      : data.taskId ? await this.tasks.opened(tenantId, data.taskId) : null;
    // no task record: nobody was asked (an approval given automatically, e.g. the initiator's own), so no response to time
    if (!task) return;
    await this.insert('decision', task._id, {
      ...base, departments: await people.departmentsAbove(task.assignee), at: new Date(at), status: data.status!,
      node: task.node, assignee: task.assignee, ...duration(task.createdAt, at),
    });
  }

  /**
   * An SOP cadence's first response, timed against its target when it is
   * recorded: "met" is decided here, once, so the counters can count it.
   * The instance fields name the run; initiator and assignee its owner.
   */
  async recordFirstResponse(run: SopFirstResponse): Promise<void> {
    if (!run.firstResponseAt) return;
    await this.insert('first-response', run.id, {
      ...(await this.byPerson(run.tenantId, run.definitionId, run.id, run.owner)), at: new Date(run.firstResponseAt),
      ...againstTarget(run.startedAt, run.firstResponseAt, run.targetMs),
    });
  }

  /**
   * A cadence step taken: on time when taken by its due time and the grace
   * a timer needs to fire (SOP_STEP_GRACE_MS); late when deferred (quiet
   * hours) or held up (a worker down). `ms` is how long after its due time.
   */
  async recordSopStep(run: SopStepTaken, index: number): Promise<void> {
    const step = run.steps[index];
    if (!step?.doneAt) return;
    const late = duration(step.dueAt, step.doneAt);
    await this.insert('sop-step', `${run.id}.${index}`, {
      ...(await this.byPerson(run.tenantId, run.definitionId, run.id, run.owner)), at: new Date(step.doneAt),
      node: `${index + 1}.${step.action}`, status: late.ms <= SOP_STEP_GRACE_MS ? 'on-time' : 'late', ...late,
    });
  }

  /** The assignee of a routed item first responded: timed from routing against the route's firstResponseTarget. */
  async recordRoutingResponse(decision: RoutedResponse): Promise<void> {
    if (!decision.firstResponseAt) return;
    await this.insert('routing-response', decision.id, {
      ...(await this.byPerson(decision.tenantId, decision.definitionId, decision.id, decision.assignee)), at: new Date(decision.firstResponseAt),
      node: decision.team ?? '', ...againstTarget(decision.createdAt, decision.firstResponseAt, decision.targetMs),
    });
  }

  /** The fields of a fact about one person's work (an SOP run's owner, a routed item's assignee): initiator, assignee and departments are theirs. */
  private async byPerson(tenantId: string, definitionId: string, subject: string, person: string) {
    const departments = await this.people.departmentsAbove(tenantId, person);
    return { tenantId, definitionId, instanceId: subject, initiator: person, assignee: person, initiatorDepartments: departments, departments };
  }


  private async insert(kind: FactKind, subject: string, fields: Omit<FactRecord, '_id' | 'kind' | 'day' | 'week' | 'status' | 'node' | 'assignee' | 'ms' | 'bucket' | 'counted'>
    & Partial<Pick<FactRecord, 'status' | 'node' | 'assignee' | 'ms' | 'bucket'>>): Promise<void> {
    const _id = `${kind}:${subject}`;
    // the schema's defaults written out: a mongoose document per fact cost more than the insert's own encoding
    const computed: FactRecord = {
      _id, kind, ...periodsOf(fields.at), status: null, node: null, assignee: null, ms: null, bucket: null, counted: false, ...fields, claim: this.counters.bornClaim(),
    };
    if ((await this.inserts.writeOne(computed)) === 'written') return this.counters.countSoon(computed, { born: true });
    // a retry: count what was stored, which may differ from what is computed now (a department changed)
    const stored = await this.facts.findOne({ _id, tenantId: fields.tenantId }).lean();
    if (stored) this.counters.countSoon(stored);
  }
}

/** The SOP steps' grace: a step's timer fires at its due time, and a worker takes it a moment later. */
export const SOP_STEP_GRACE_MS = 5 * 60_000;

function duration(from: Date, to: Date): { ms: number; bucket: number } {
  const ms = Math.max(0, new Date(to).getTime() - new Date(from).getTime());
  return { ms, bucket: bucketOf(ms) };
}

/** A response timed from `from`, met or missed against the target (decided once, when recorded). */
function againstTarget(from: Date, at: Date, targetMs: number | null) {
  const took = duration(from, at);
  return { status: targetMs === null ? 'no-target' : took.ms <= targetMs ? 'met' : 'missed', ...took };
}
