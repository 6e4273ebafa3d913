import type { OutboxEntry } from '@baton/dsl';
import type { Queue } from 'bullmq';

export const EFFECTS_QUEUE = 'effects';
export const TIMERS_QUEUE = 'timers';

export interface EffectJob {
  tenantId: string;
  instanceId: string;
  definitionId: string;
  /** one event's effects, performed together (see EffectHandlers) */
  effects?: OutboxEntry[];
  /** an action node's run (its own job, with the node's retry policy), or a job queued before effects were grouped */
  effect?: OutboxEntry;
  /** shared reads the producer had at hand when it handed the event over (see EffectHandlers.perform), as JSON */
  preloaded?: Record<string, unknown>;
}

/**
 * How the workers of short jobs (effects, timers) hold them: a job a killed
 * process held comes back when its 10 s lock lapses, found by a check every
 * 5 s (BullMQ's defaults are 30 s each); a live worker renews its lock every
 * 5 s. A job may stall a few times (a restarting cluster) before it fails.
 */
export const SHORT_JOB_LOCKS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };

/**
 * How the workers of long jobs that resume where they stopped (campaign
 * sends, migration batches, bulk jobs) hold them: a job a killed process
 * held comes back when its 10 s lock lapses, found by a check every 3 s
 * (with BullMQ's 30 s defaults a batch waited 30 to 60 s to resume). It
 * never fails for stalling: each run goes on from the first item not yet
 * recorded, so a restart costs no work twice.
 */
export const RESUMABLE_JOB_LOCKS = { lockDuration: 10_000, stalledInterval: 3_000, maxStalledCount: 1000 };

/** How a job of effects is retried: five attempts, from half a second, doubling (action-node runs use their node's policy). */
export const EFFECT_RETRIES = { attempts: 5, backoff: { type: 'exponential' as const, delay: 500 } };

/** The job of one event's effects: one per instance revision. */
export const eventJobId = (instanceId: string, rev: number) => `${instanceId}.${rev}`;

export interface TimerJob {
  tenantId: string;
  instanceId: string;
  node: string;
  token: number;
  /** which of the node's timers (deadlines: remind, escalate, decide); none for a delay */
  name?: string;
  /** when it is due by the engine's clock (ms); BullMQ's delay counts the same wait in Redis time */
  dueAt?: number;
}

/**
 * Delayed jobs count their delay in Redis time; jobs that also carry when
 * they are due by the engine's clock (`dueAt`, ms) can be fired at once
 * when that clock is moved past them (a test skipping hours). Promotes the
 * queue's delayed jobs due by `nowMs`; answers how many.
 */
export async function promoteDue<T extends { dueAt?: number }>(queue: Queue<T>, nowMs: number): Promise<number> {
  let fired = 0;
  for (const job of await queue.getDelayed()) {
    if (job.data.dueAt === undefined || job.data.dueAt > nowMs) continue;
    // a job that started meanwhile is no longer delayed: promote refuses it, and it runs anyway
    if (await job.promote().then(() => true, () => false)) fired += 1;
  }
  return fired;
}

/** BullMQ job ids may not hold ":"; these are deterministic so re-sends are no-ops. */
export const timerJobId = (instanceId: string, node: string, token: number, name?: string) =>
  `timer.${instanceId}.${node}.${token}${name ? `.${name}` : ''}`;

/** Completed jobs are kept a day so a re-sent effect with the same id is recognised. */
export const KEEP = { removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } };
