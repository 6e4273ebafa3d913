import { Inject } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { compileRule, compileText, truthy, untilQuietHoursEnd } from '@baton/dsl';
import type { Job, Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { FactRecorder } from '../analytics/fact.recorder';
import { CustomersRepository } from '../customers/customers.repository';
import { view as customerView } from '../customers/customers.service';
import { isDuplicateKey } from '../database/errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PeopleService } from '../org/people.service';
import { cadenceOf, sopJobOptions } from './reminders.service';
import {
  FOLLOW_UP, SOP_QUEUE, SOP_RUN, SOP_STEP_LOG, sopJobId,
  type FollowUpRecord, type SopJob, type SopRunRecord, type SopStepLogRecord,
} from './sop.schema';

/**
 * Takes one SOP step when its durable timer fires: checks the cancel
 * condition, defers out of quiet hours, then creates the follow-up task,
 * reminds the owner (if the task is still open) or escalates to the owner's
 * manager. A step is claimed in sop_step_log first, so a timer fired again
 * after a restart repeats nothing.
 */
@Processor(SOP_QUEUE, { concurrency: 8 })
export class SopWorker extends WorkerHost {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(SOP_RUN) private readonly runs: Model<SopRunRecord>,
    @InjectModel(SOP_STEP_LOG) private readonly log: Model<SopStepLogRecord>,
    @InjectModel(FOLLOW_UP) private readonly followUps: Model<FollowUpRecord>,
    private readonly customers: CustomersRepository,
    private readonly notifications: NotificationsService,
    @InjectQueue(SOP_QUEUE) private readonly queue: Queue<SopJob>,
    private readonly definitions: DefinitionsService,
    private readonly people: PeopleService,
    private readonly facts: FactRecorder,
  ) {
    super();
  }

  async process(job: Job<SopJob>): Promise<{ outcome: string }> {
    const { tenantId, runId, index } = job.data;
    const run = await this.runs.findOne({ tenantId, id: runId }).lean();
    if (!run) return { outcome: 'no such run' };
    if (run.status !== 'running') return { outcome: `run ${run.status}` };
    const prior = await this.log.findOne({ runId, index }).lean();
    if (prior?.status === 'done') return { outcome: 'already taken' };

    const { definition } = await this.definitions.machineFor(tenantId, run.definitionId, run.version);
    const config = cadenceOf(definition);
    const step = config.steps[index]!;
    const customer = run.customerId ? await this.customers.find(tenantId, run.customerId) : null;
    const task = await this.followUps.findOne({ tenantId, runId }).lean();

    if (config.cancelWhen !== undefined && !prior) {
      const data = { customer: customer ? customerView(customer) : null, task: task ? { status: task.status, doneAt: task.doneAt } : null, run: { startedAt: run.startedAt, owner: run.owner } };
      if (truthy(compileRule(config.cancelWhen, ['customer', 'task', 'run'])(data as never))) {
        await this.runs.updateOne({ tenantId, id: runId }, { $set: { status: 'cancelled', cancelReason: `cancel condition held before step ${index} (${step.action})` } });
        return { outcome: 'cancelled' };
      }
    }
    if (config.quietHours && !prior) {
      const wait = untilQuietHoursEnd(config.quietHours, this.clock.now());
      if (wait > 0) {
        const deferral = Number(/\.q(\d+)$/.exec(String(job.id))?.[1] ?? 0) + 1;
        await this.queue.add('step', { ...job.data, dueAt: this.clock.nowMs() + wait }, { jobId: sopJobId(runId, index, deferral), delay: wait, ...sopJobOptions });
        await this.runs.updateOne({ tenantId, id: runId }, { $set: { [`steps.${index}.outcome`]: `deferred: quiet hours (${Math.round(wait / 1000)} s)` } });
        return { outcome: 'deferred' };
      }
    }
    if (!prior) {
      try {
        await this.log.create({ runId, index, status: 'doing', at: this.clock.now() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }

    const text = compileText(step.text)({ customer: customer ? customerView(customer) : null, item: run.itemId ? { id: run.itemId } : null, step: index + 1 });
    let outcome: string;
    if (step.action === 'task') {
      await this.idempotent(() => this.followUps.create({ tenantId, id: `${runId}.${index}`, runId, owner: run.owner, customerId: run.customerId, text, status: 'open', createdAt: this.clock.now(), doneAt: null }));
      await this.notify(tenantId, run, index, run.owner, 'Follow-up', text);
      outcome = `follow-up task for ${run.owner}`;
    } else if (task?.status === 'done') {
      outcome = `skipped: the follow-up task is done`;
    } else if (step.action === 'remind') {
      await this.notify(tenantId, run, index, run.owner, 'Reminder', text);
      outcome = `reminded ${run.owner}`;
    } else {
      // an escalation to a business role reaches its holders (for the owner's department, when the role is held per department)
      const holders = step.role ? (await this.people.holdersOf(tenantId, step.role, run.owner)).users : [];
      const manager = holders.length > 0 ? null : (await this.people.managerAt(tenantId, run.owner, 1)).users[0];
      for (const to of holders.length > 0 ? holders : [manager ?? run.owner]) await this.notify(tenantId, run, index, to, 'Escalation', text);
      outcome = holders.length > 0 ? `escalated to role ${step.role}: ${holders.join(', ')}`
        : manager ? `escalated to ${manager}, manager of ${run.owner}` : `${run.owner} has no manager; reminded them instead`;
    }
    const last = index === config.steps.length - 1;
    await this.runs.updateOne({ tenantId, id: runId }, {
      $set: { [`steps.${index}.doneAt`]: this.clock.now(), [`steps.${index}.outcome`]: outcome, ...(last ? { status: 'completed' } : {}) },
    });
    // before the step is marked done: a worker that dies here takes the step again and records it then
    const taken = await this.runs.findOne({ tenantId, id: runId }).lean();
    if (taken) await this.facts.recordSopStep(taken, index);
    await this.log.updateOne({ runId, index }, { $set: { status: 'done' } });
    return { outcome };
  }

  private async notify(tenantId: string, run: SopRunRecord, index: number, userId: string, title: string, body: string) {
    await this.notifications.post({ tenantId, id: `sop.${run.id}.${index}.${userId}`, userId, instanceId: run.id, title: `${title}: ${run.definitionId}`, body });
  }

  private async idempotent(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
