import { Injectable, Logger } from '@nestjs/common';
import type { OutboxEntry } from '@baton/dsl';

/** The event whose effects a job carries: one instance, one revision. */
export interface EventRef {
  tenantId: string;
  instanceId: string;
  definitionId: string;
  /**
   * A read shared by the consumers of one event: the first to ask for `key`
   * loads it, the others get the same answer (the instance's summary is read
   * once per event, not once per consumer).
   */
  shared?: <T>(key: string, load: () => Promise<T>) => Promise<T>;
  /** Everyone the event's effects name, and its initiator: a people lookup reads them all at once. */
  people?: readonly string[];
}

export type EffectType = OutboxEntry['type'];
export type EffectOf<T extends EffectType> = Extract<OutboxEntry, { type: T }>;
export type EffectHandler<T extends EffectType> = (effects: Array<EffectOf<T>>, event: EventRef) => Promise<void>;

interface Consumer {
  owner: string;
  types: ReadonlySet<EffectType>;
  handle: EffectHandler<EffectType>;
}

/**
 * Who performs which effect. Each domain registers, when its module starts,
 * the handlers for the effect types it owns (tasks: createTasks, closeTasks,
 * transferTask; notifications: notify; audit: audit) and the consumers of
 * the domain events it listens to (publish: webhooks, analytics, SOP
 * cadences). The effects worker only dispatches: each consumer gets all of
 * one event's effects of its types in one call, so it writes in bulk.
 *
 * Delivery is at least once: a failing consumer fails the job, BullMQ
 * retries it, and every consumer runs again. Consumers are therefore
 * idempotent (effects carry deterministic ids; writes are keyed by them or
 * guarded by the instance revision).
 */
@Injectable()
export class EffectHandlers {
  private readonly logger = new Logger(EffectHandlers.name);
  private readonly consumers: Consumer[] = [];

  /** Registers `owner`'s handler for effects of the given types; several owners may consume the same type. */
  on<T extends EffectType>(types: T | readonly T[], owner: string, handle: EffectHandler<T>): void {
    if (this.consumers.some((c) => c.owner === owner)) throw new Error(`effect consumer "${owner}" is registered twice`);
    this.consumers.push({ owner, types: new Set(Array.isArray(types) ? types : [types]), handle: handle as unknown as EffectHandler<EffectType> });
  }

  /** Who consumes `type`, in registration order. */
  consumersOf(type: EffectType): readonly string[] {
    return this.consumers.filter((c) => c.types.has(type)).map((c) => c.owner);
  }

  /**
   * Performs one event's effects: each consumer once, with its effects in
   * outbox order, consumers ordered by where their first effect stands (tasks
   * are settled and opened before anyone is told, the audit line comes last).
   * `preloaded` holds shared reads the producer made already (keyed as the
   * consumers ask for them), so they cost no round trip.
   */
  async perform(ref: EventRef, effects: readonly OutboxEntry[], preloaded: Readonly<Record<string, unknown>> = {}): Promise<void> {
    // what the producer handed over with the job is a shared read already made
    const reads = new Map<string, Promise<unknown>>(Object.entries(preloaded).map(([key, value]) => [key, Promise.resolve(value)]));
    const event: EventRef = {
      tenantId: ref.tenantId, instanceId: ref.instanceId, definitionId: ref.definitionId, ...(ref.people ? { people: ref.people } : {}),
      shared: <T>(key: string, load: () => Promise<T>) => {
        if (!reads.has(key)) reads.set(key, load().catch((error: unknown) => { reads.delete(key); throw error; }));
        return reads.get(key) as Promise<T>;
      },
    };
    const unhandled = effects.filter((e) => !this.consumers.some((c) => c.types.has(e.type)));
    if (unhandled.length > 0) this.logger.warn(`no handler for effects ${unhandled.map((e) => `${e.type} ${e.id}`).join(', ')}`);
    const calls = this.consumers
      .map((consumer) => ({ consumer, mine: effects.filter((e) => consumer.types.has(e.type)) }))
      .filter((call) => call.mine.length > 0)
      .map((call) => ({ ...call, first: effects.indexOf(call.mine[0]!) }))
      .sort((a, b) => a.first - b.first);
    for (const { consumer, mine } of calls) await consumer.handle(mine, event);
  }
}
