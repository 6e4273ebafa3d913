import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { ERROR_OUTPUT, reason } from '@baton/dsl';
import { Logger, Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { EventNotAccepted, InstanceFinished } from '../instances/instance.errors';
import { AuditService } from '../audit/audit.service';
import { FactRecorder } from '../analytics/fact.recorder';
import { NodeTypesService } from '../node-types/node-types.service';
import { NotificationsService } from '../notifications/notifications.service';
import { INSTANCE, type InstanceRecord } from '../instances/instance.schema';
import { PeopleRepository } from '../org/people.repository';
import { InstancesService } from '../instances/instances.service';
import { TasksService } from '../tasks/tasks.service';
import { EFFECTS_QUEUE, type EffectJob } from './queues';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WorkflowEvents } from '../instances/workflow.events';


/**
 * Performs effects. Every handler is idempotent (keyed by the effect, guarded
 * by the instance revision), so a re-sent or retried job changes nothing twice.
 */
@Processor(EFFECTS_QUEUE, { concurrency: 16 })
export class EffectsWorker extends WorkerHost {
  private readonly logger = new Logger(EffectsWorker.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tasks: TasksService,
    private readonly instances: InstancesService,
    private readonly nodeTypes: NodeTypesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    private readonly workflowEvents: WorkflowEvents,
    private readonly facts: FactRecorder,
    @InjectModel(INSTANCE) private readonly records: Model<InstanceRecord>,
    private readonly users: PeopleRepository,
  ) {
    super();
  }

  async process(job: Job<EffectJob>): Promise<void> {
    const { tenantId, instanceId, definitionId, effect } = job.data;
    switch (effect.type) {
      case 'createTasks':
        await this.tasks.open(tenantId, instanceId, definitionId, effect.rev, effect);
        return this.passOnFromInactive(job.data);
      case 'transferTask':
        return this.tasks.transfer(tenantId, instanceId, definitionId, effect.rev, effect);
      case 'closeTasks':
        return this.tasks.close(tenantId, instanceId, definitionId, effect.rev, effect);
      case 'runNode':
        return this.runNode(job);
      case 'escalate':
        return this.escalate(job.data);
      case 'publish':
        if (effect.event === 'instance.entered') {
          const d = effect.data as { node: string; visit: number; initiator: string };
          await this.workflowEvents.emitNodeEntered({ tenantId, instanceId, definitionId: job.data.definitionId, node: d.node, visit: d.visit, initiator: d.initiator });
        }
        await this.webhooks.publish(tenantId, effect.id, effect.event, effect.data);
        return this.facts.record(tenantId, instanceId, effect.event, effect.rev, effect.data);
      case 'notify':
        return this.notifications.deliver(tenantId, instanceId, effect);
      case 'audit':
        // the effect id is the audit source: a retried job records nothing twice
        return this.audit.record({ tenantId, id: effect.actor, kind: effect.actorKind, ip: effect.ip }, effect.action,
          { type: 'instance', id: instanceId }, effect.from, effect.to, effect.id);
      default:
        this.logger.warn(`no handler for effect ${effect.type}`);
    }
  }

  /**
   * People who left are never asked: a task opened for a deactivated user
   * moves on to their manager at once (offboarding moved the ones before).
   * A task opened for someone out of office goes to their delegate.
   */
  private async passOnFromInactive({ tenantId, instanceId, effect }: EffectJob): Promise<void> {
    if (effect.type !== 'createTasks') return;
    const now = this.clock.now();
    const holders = await this.users.many(tenantId, effect.assignees);
    for (const user of holders) {
      const away = user.delegation && new Date(user.delegation.from) <= now && now <= new Date(user.delegation.until) ? user.delegation.to : null;
      const to = !user.active ? user.managerId : away;
      if (!to) continue;
      try {
        await this.instances.applyEvent({ tenantId, id: 'system' }, instanceId,
          { type: 'transfer', node: effect.node, visit: effect.visit, from: user.id, to, by: 'system' },
          { node: effect.node, outcome: user.active ? `delegated to ${to} (out of office)` : `transferred to ${to}`, reason: reason(user.active ? 'delegated' : 'leftOrganisation', { from: user.id, to }) });
      } catch (error) {
        if (!(error instanceof EventNotAccepted || error instanceof InstanceFinished)) throw error;
      }
    }
  }

  /** Deadline passed: each open task moves to its holder's manager. */
  private async escalate({ tenantId, instanceId, effect }: EffectJob): Promise<void> {
    if (effect.type !== 'escalate') return;
    const holders = await this.users.many(tenantId, effect.from);
    for (const holder of holders) {
      const manager = holder.managerId ? await this.users.find(tenantId, holder.managerId, { activeOnly: true }) : null;
      if (!manager) continue;
      try {
        await this.instances.applyEvent({ tenantId, id: 'system' }, instanceId,
          { type: 'transfer', node: effect.node, visit: effect.visit, from: holder.id, to: manager.id, by: 'system' },
          { node: effect.node, outcome: `escalated to ${manager.id}`, reason: reason('escalatedTo', { from: holder.id, to: manager.id }) });
      } catch (error) {
        if (!(error instanceof EventNotAccepted || error instanceof InstanceFinished)) throw error;
      }
    }
  }

  /**
   * Runs an action node's `execute` under its timeout. A failure is thrown
   * so BullMQ retries with the node's backoff; the last attempt's failure
   * leaves the node by its error output instead (or ends the instance as
   * failed when the definition has no error edge).
   */
  private async runNode(job: Job<EffectJob>): Promise<void> {
    const { tenantId, instanceId, effect } = job.data;
    if (effect.type !== 'runNode') return;
    const instance = await this.records.findOne({ _id: instanceId, tenantId }).select({ form: 1, snapshot: 1, status: 1, at: 1 }).lean();
    if (!instance || !instance.at.includes(effect.node)) return; // finished, withdrawn or moved on meanwhile
    const type = this.nodeTypes.registry.get(effect.nodeType);
    const vars = ((instance.snapshot as { context?: { vars?: Record<string, unknown> } }).context?.vars) ?? {};
    let result: { output: string; vars?: Record<string, unknown> };
    try {
      if (!type?.execute) throw new Error(`node type "${effect.nodeType}" is not installed on this worker`);
      const done = await withTimeout(type.run.timeoutMs, (signal) =>
        type.execute!({ config: effect.config as never, data: { form: instance.form, vars }, instance: { id: instanceId, tenantId }, signal }));
      result = { output: done.output ?? type.outputs[0]!, vars: done.vars };
      if (!type.outputs.includes(result.output)) throw new Error(`node type "${effect.nodeType}" answered with output "${result.output}", which it does not declare`);
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      const message = error instanceof Error ? error.message : String(error);
      // errors that say so (a refused address, a too large answer) are not worth another attempt
      const retryable = (error as { retryable?: unknown }).retryable !== false;
      if (retryable && job.attemptsMade + 1 < attempts) throw error;
      this.logger.warn(`node ${effect.node} (${effect.nodeType}) of ${instanceId} failed after ${job.attemptsMade + 1} attempt(s): ${message}`);
      result = { output: ERROR_OUTPUT, vars: { error: { node: effect.node, message, attempts: job.attemptsMade + 1 } } };
    }
    try {
      await this.instances.applyEvent({ tenantId, id: `node:${effect.nodeType}` }, instanceId, {
        type: 'node.result', node: effect.node, visit: effect.visit, output: result.output, vars: result.vars,
      }, { node: effect.node, outcome: result.output });
    } catch (error) {
      // a retried job whose result was already applied: nothing left to do
      if (!(error instanceof EventNotAccepted || error instanceof InstanceFinished)) throw error;
    }
  }
}

/** Runs `work` with a signal that aborts after `ms`; gives up waiting then even if `work` ignores the signal. */
async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no result within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
