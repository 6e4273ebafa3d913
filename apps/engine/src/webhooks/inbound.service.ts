import { Injectable, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { DomainError } from '../api/domain-error';
import { AuthService } from '../auth/auth.service';
import type { Identity } from '../auth/identity';
import { isDuplicateKey } from '../database/errors';
import { actorOf, InstancesService } from '../instances/instances.service';
import { eventually } from './waiting';
import { IDEMPOTENCY, type IdempotencyRecord } from './webhook.schema';

/** A claim older than this without an instance belongs to a request that died; it may be taken over. */
const ABANDONED_AFTER_MS = 60_000;

export interface TriggerInput {
  form: Record<string, unknown>;
  version?: number;
  onBehalfOf?: string;
}

/**
 * Webhooks in: outside systems start instances (exactly once per
 * Idempotency-Key) and send events to instances that wait for them.
 */
@Injectable()
export class InboundService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(IDEMPOTENCY) private readonly keys: Model<IdempotencyRecord>,
    private readonly instances: InstancesService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Starts an instance once per key. The key is claimed by inserting its
   * record (the primary key makes exactly one insert win);
   * the winner starts the instance and writes its id, the others wait for it
   * and answer with the same instance. The same key with another body is
   * refused. A failed start releases the key.
   */
  async trigger(caller: Identity, definitionId: string, key: string, input: TriggerInput): Promise<{ instance: unknown; replayed: boolean }> {
    const actor = await this.actingAs(caller, input.onBehalfOf);
    const _id = `${caller.tenantId}:${definitionId}:${key}`;
    const bodyHash = createHash('sha256').update(JSON.stringify({ definitionId, ...input })).digest('hex');
    const claimed = await this.claim(_id, caller.tenantId, bodyHash);
    if (!claimed) {
      const existing = await eventually(() => this.keys.findOne({ _id }).lean(), (r) => !r || r.instanceId !== null, 10_000);
      if (existing && existing.bodyHash !== bodyHash) {
        throw new DomainError('unprocessable', 'this Idempotency-Key was used with a different request', [{ pointer: '/headers/idempotency-key', message: 'was used with a different body' }]);
      }
      if (!existing?.instanceId) throw new DomainError('conflict', 'a request with this Idempotency-Key is still in progress or failed; try again');
      return { instance: await this.instances.get(actor, existing.instanceId), replayed: true };
    }
    try {
      const instance = await this.instances.start(actor, definitionId, input.form, input.version) as { id: string };
      await this.keys.updateOne({ _id }, { $set: { instanceId: instance.id } });
      return { instance, replayed: false };
    } catch (error) {
      await this.keys.deleteOne({ _id, instanceId: null });
      throw error;
    }
  }

  /** Hands an outside event to an instance; 409 when no node of it waits for that event now. */
  async sendEvent(caller: Identity, instanceId: string, name: string, payload: Record<string, unknown>) {
    const { instance } = await this.instances.applyEvent(actorOf(caller), instanceId, { type: 'external', name, payload }, { outcome: `event ${name}` });
    return instance;
  }

  private async claim(_id: string, tenantId: string, bodyHash: string): Promise<boolean> {
    for (let round = 0; round < 2; round++) {
      try {
        await this.keys.create({ _id, tenantId, bodyHash, instanceId: null, createdAt: this.clock.now() });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // a claim left by a request that died: remove it (only while still empty and old) and try once more
      const removed = await this.keys.deleteOne({ _id, instanceId: null, createdAt: { $lt: new Date(this.clock.nowMs() - ABANDONED_AFTER_MS) } });
      if (removed.deletedCount !== 1) return false;
    }
    return false;
  }

  private async actingAs(caller: Identity, onBehalfOf: string | undefined): Promise<Identity> {
    if (onBehalfOf === undefined) return caller;
    if (!caller.roles.includes('superAdmin')) throw new DomainError('forbidden', 'only a super admin (or a super admin API key) may act on behalf of someone', [{ pointer: '/body/onBehalfOf', message: 'needs the role superAdmin' }]);
    const identity = await this.auth.identityOfUser(caller.tenantId, onBehalfOf, caller.ip);
    if (!identity) throw new DomainError('invalid', `no active user "${onBehalfOf}"`, [{ pointer: '/body/onBehalfOf', message: `no active user "${onBehalfOf}"` }]);
    return identity;
  }
}
