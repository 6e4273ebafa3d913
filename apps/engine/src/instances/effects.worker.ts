import { Processor, WorkerHost } from '@nestjs/bullmq';
import { ERROR_OUTPUT, peopleNamedBy } from '@baton/dsl';
import { Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { EventNotAccepted, InstanceFinished } from './instance.errors';
import { NodeTypesService } from '../node-types/node-types.service';
import { INSTANCE, type InstanceRecord } from './instance.schema';
import { revivedSummary, SUMMARY_KEY, type InstanceSummary } from './instances.repository';
import { InstancesService } from './instances.service';
import { EffectHandlers } from '../effects/effect-handlers.service';
import { EFFECTS_QUEUE, SHORT_JOB_LOCKS, type EffectJob } from '../effects/queues';


/**
 * Dispatches effects: one event's effects go to the handlers the domains
 * registered (EffectHandlers), an action node's run is performed here.
 * Every handler is idempotent (keyed by the effect, guarded by the instance
 * revision), so a re-sent or retried job changes nothing twice.
 */
@Processor(EFFECTS_QUEUE, { concurrency: 16, ...SHORT_JOB_LOCKS })
export class EffectsWorker extends WorkerHost {
  private readonly logger = new Logger(EffectsWorker.name);

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly instances: InstancesService,
    private readonly nodeTypes: NodeTypesService,
    @InjectModel(INSTANCE) private readonly records: Model<InstanceRecord>,
  ) {
    super();
  }

  async process(job: Job<EffectJob>): Promise<void> {
    const { tenantId, instanceId, definitionId, effects, effect, preloaded } = job.data;
    if (effect?.type === 'runNode') return this.runNode(job);
    const all = effects ?? (effect ? [effect] : []);
    const summary = preloaded?.[SUMMARY_KEY] ? revivedSummary(preloaded[SUMMARY_KEY] as InstanceSummary) : undefined;
    const people = [...peopleNamedBy(all), ...(summary ? [summary.createdBy] : [])];
    return this.handlers.perform({ tenantId, instanceId, definitionId, people }, all, summary ? { [SUMMARY_KEY]: summary } : {});
  }

  /**
   * Runs an action node's `execute` under its timeout. A failure is thrown
   * so BullMQ retries with the node's backoff; the last attempt's failure
   * leaves the node by its error output instead (or ends the instance as
   * failed when the definition has no error edge).
   */
  private async runNode(job: Job<EffectJob>): Promise<void> {
    const { tenantId, instanceId, effect } = job.data;
    if (effect?.type !== 'runNode') return;
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
