import { InjectQueue } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Injectable, Logger, type OnModuleInit, Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compileRule, parseDuration, truthy, type CadenceConfig, type Definition } from '@baton/dsl';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CustomersRepository, type CustomerRecord } from '../customers/customers.repository';
import { view as customerView } from '../customers/customers.service';
import { isDuplicateKey } from '../database/errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { VersionsRepository } from '../definitions/versions.repository';
import type { RoutingDecisionRecord } from '../routing/routing.types';
import { RoutingService } from '../routing/routing.service';
import { FOLLOW_UP, SOP_QUEUE, SOP_RUN, sopJobId, type FollowUpRecord, type SopJob, type SopRunRecord } from './sop.schema';
import { SOP_FACTS, type SopFacts } from './reminders.ports';
import { EffectHandlers, type EventRef } from '../effects/effect-handlers.service';
import { promoteDue } from '../effects/queues';

/** A workflow instance reached a node (the instance.entered event). */
export interface NodeEntered extends EventRef {
  node: string;
  /** how many times the instance has entered this node, this time included */
  visit: number;
  initiator: string;
}

export const sopJobOptions = { attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } };

export function cadenceOf(definition: Definition): CadenceConfig {
  return definition.nodes.find((n) => n.type === 'sop.cadence')!.config as unknown as CadenceConfig;
}

const stepMs = (at: string) => (at === 'PT0S' ? 0 : parseDuration(at) ?? 0);

/**
 * Starts SOP cadences from their triggers (a customer added, an inquiry
 * opened) and schedules each step as a durable BullMQ delayed job with a
 * deterministic id; the SopWorker takes the steps.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);
  /**
   * SOP definitions per tenant, for a second: triggers fire on every customer and inquiry. A publish in this
   * process clears it once the version is written, and a read that started before that clear is not kept (it may
   * predate the version); another process sees a new cadence within the second.
   */
  private readonly listening = new Map<string, { at: number; versions: Promise<Map<string, number>> }>();
  private forgotten = 0;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(SOP_RUN) private readonly runs: Model<SopRunRecord>,
    @InjectModel(FOLLOW_UP) private readonly followUps: Model<FollowUpRecord>,
    private readonly versions: VersionsRepository,
    private readonly customers: CustomersRepository,
    @InjectQueue(SOP_QUEUE) private readonly queue: Queue<SopJob>,
    private readonly definitions: DefinitionsService,
    private readonly routing: RoutingService,
    private readonly handlers: EffectHandlers,
    @Inject(SOP_FACTS) private readonly facts: SopFacts,
  ) {}

  onModuleInit(): void {
    // cadences start from domain events, each delivered at least once (a run per trigger and subject is unique):
    // a workflow reaching a node, customers added, an inquiry routed
    this.handlers.on('publish', 'sop-cadences', async (effects, event) => {
      for (const e of effects) {
        if (e.event === 'instance.entered') {
          const d = e.data as { node: string; visit: number; initiator: string };
          await this.nodeEntered({ ...event, node: d.node, visit: d.visit, initiator: d.initiator });
        } else if (e.event === 'customer.added') {
          // read again: a customer whose insert failed after its event was recorded is not there
          const ids = (e.data as { customerIds: string[] }).customerIds;
          const customers = await this.customers.many(event.tenantId, ids);
          if (customers.length > 0) await this.customersAdded(event.tenantId, customers);
        } else if (e.event === 'inquiry.opened') {
          const decision = await this.routing.decisionRecord(event.tenantId, (e.data as { decisionId: string }).decisionId);
          if (!decision) continue;
          const customer = decision.customerId ? await this.customers.find(event.tenantId, decision.customerId) : null;
          await this.inquiryOpened(event.tenantId, decision, customer);
        }
      }
    });
    this.definitions.onPublished((tenantId, definition) => {
      if (definition.kind !== 'sop') return;
      this.forgotten++;
      this.listening.delete(tenantId);
    });
  }

  /** The latest published version of each SOP definition of the tenant listening to `event`. */
  private async cadences(tenantId: string, event: string): Promise<Array<{ definition: Definition; version: number; config: CadenceConfig }>> {
    const latest = await this.sopVersions(tenantId);
    const found = [];
    for (const [id, version] of latest) {
      const { definition } = await this.definitions.machineFor(tenantId, id, version);
      const config = cadenceOf(definition);
      if (config.trigger.event === event) found.push({ definition, version, config });
    }
    return found;
  }

  /**
   * Kept a second, and read once for all the events that ask at the same
   * moment (the reading is shared, not repeated by each of them: 50 events
   * at once made 50 reads when the second had passed).
   */
  private sopVersions(tenantId: string): Promise<Map<string, number>> {
    const cached = this.listening.get(tenantId);
    if (cached && Date.now() - cached.at < 1000) return cached.versions;
    const forgotten = this.forgotten;
    const versions = this.versions.ofKind(tenantId, 'sop').then((found) => {
      const latest = new Map<string, number>();
      for (const v of found) latest.set(v.definitionId, Math.max(latest.get(v.definitionId) ?? 0, v.version));
      return latest;
    });
    const entry = { at: Date.now(), versions };
    this.listening.set(tenantId, entry);
    // a read that failed, or that a publish overtook, is not kept
    const forget = () => {
      if (this.listening.get(tenantId) === entry) this.listening.delete(tenantId);
    };
    versions.then(() => forgotten !== this.forgotten && forget(), forget);
    return versions;
  }

  async customersAdded(tenantId: string, customers: CustomerRecord[]): Promise<void> {
    const cadences = await this.cadences(tenantId, 'customer.added');
    for (const cadence of cadences) {
      const when = cadence.config.trigger.when === undefined ? null : compileRule(cadence.config.trigger.when, ['customer', 'item']);
      for (const customer of customers) {
        if (!customer.owner) continue;
        if (when && !truthy(when({ customer: customerView(customer), item: null } as never))) continue;
        await this.start(tenantId, cadence, 'customer.added', customer.id, null, customer.owner);
      }
    }
  }

  async inquiryOpened(tenantId: string, decision: RoutingDecisionRecord, customer: CustomerRecord | null): Promise<void> {
    const cadences = await this.cadences(tenantId, 'inquiry.opened');
    const item = { id: decision.id, ...JSON.parse(decision.item), assignee: decision.assignee };
    for (const cadence of cadences) {
      const when = cadence.config.trigger.when === undefined ? null : compileRule(cadence.config.trigger.when, ['customer', 'item']);
      if (when && !truthy(when({ customer: customer ? customerView(customer) : null, item } as never))) continue;
      await this.start(tenantId, cadence, 'inquiry.opened', customer?.id ?? null, decision.id, decision.assignee);
    }
  }

  /**
   * A workflow instance reached a node: cadences listening for it start, for
   * the instance's initiator. The item is the visit (`instance/node/visit`),
   * so a re-sent event starts nothing twice and a node entered again after a
   * return starts a new run.
   */
  async nodeEntered(entered: NodeEntered): Promise<void> {
    const cadences = await this.cadences(entered.tenantId, 'workflow.node');
    const item = { id: `${entered.instanceId}/${entered.node}/${entered.visit}`, type: 'workflow', source: entered.definitionId };
    for (const cadence of cadences) {
      if (cadence.config.trigger.definition !== entered.definitionId || cadence.config.trigger.node !== entered.node) continue;
      const when = cadence.config.trigger.when === undefined ? null : compileRule(cadence.config.trigger.when, ['customer', 'item']);
      if (when && !truthy(when({ customer: null, item } as never))) continue;
      await this.start(entered.tenantId, cadence, 'workflow.node', null, item.id, entered.initiator);
    }
  }

  private async start(tenantId: string, cadence: { definition: Definition; version: number; config: CadenceConfig }, trigger: string,
    customerId: string | null, itemId: string | null, owner: string): Promise<void> {
    const now = this.clock.nowMs();
    const run: SopRunRecord = {
      tenantId, id: randomUUID(), definitionId: cadence.definition.id, version: cadence.version, trigger, customerId, itemId, owner,
      status: 'running', cancelReason: null, startedAt: new Date(now), firstResponseAt: null,
      targetMs: cadence.config.responseTarget ? parseDuration(cadence.config.responseTarget) : null,
      steps: cadence.config.steps.map((s, index) => ({ index, action: s.action, dueAt: new Date(now + stepMs(s.at)), doneAt: null, outcome: null })),
    };
    try {
      await this.runs.create(run);
    } catch (error) {
      if (isDuplicateKey(error)) return;
      throw error;
    }
    await this.queue.addBulk(run.steps.map((s) => ({
      name: 'step', data: { tenantId, runId: run.id, index: s.index, dueAt: s.dueAt.getTime() },
      opts: { jobId: sopJobId(run.id, s.index), delay: Math.max(0, s.dueAt.getTime() - now), ...sopJobOptions },
    })));
    this.logger.debug(`sop ${cadence.definition.id} started for ${customerId ?? itemId}`);
  }

  /** Fires the cadence steps due by the engine's clock now (it was moved past them); answers how many. */
  fireDueSteps(): Promise<number> {
    return promoteDue(this.queue, this.clock.nowMs());
  }

  async listRuns(actor: Identity, q: { customerId?: string; definitionId?: string; limit: number; offset: number }) {
    const query = { tenantId: actor.tenantId, ...(q.customerId ? { customerId: q.customerId } : {}), ...(q.definitionId ? { definitionId: q.definitionId } : {}) };
    const items = await this.runs.find(query).skip(q.offset).limit(q.limit).lean();
    return { items: items.map(runView) };
  }

  async getRun(actor: Identity, id: string) {
    const run = await this.runs.findOne({ tenantId: actor.tenantId, id }).lean();
    if (!run) throw new NotFound('SOP run', id);
    return runView(run);
  }

  async myFollowUps(actor: Identity, status?: string) {
    const items = await this.followUps.find({ tenantId: actor.tenantId, owner: actor.userId, ...(status ? { status } : {}) }).lean();
    return { items: items.map(followUpView) };
  }

  /** The owner responded: the task is done, and the run's first response is measured. */
  async completeFollowUp(actor: Identity, id: string) {
    const task = await this.followUps.findOne({ tenantId: actor.tenantId, id }).lean();
    if (!task) throw new NotFound('follow-up', id);
    if (task.owner !== actor.userId && !actor.roles.includes('superAdmin')) throw new DomainError('forbidden', 'only its owner or a super admin may complete this follow-up');
    const now = this.clock.now();
    if (task.status === 'open') await this.followUps.updateOne({ tenantId: actor.tenantId, id }, { $set: { status: 'done', doneAt: now } });
    await this.runs.updateOne({ tenantId: actor.tenantId, id: task.runId, firstResponseAt: null }, { $set: { firstResponseAt: now } });
    const run = await this.runs.findOne({ tenantId: actor.tenantId, id: task.runId }).lean();
    if (run) await this.facts.recordFirstResponse(run);
    // a follow-up of a routed inquiry is also its assignee's first response to it
    if (run?.trigger === 'inquiry.opened' && run.itemId) await this.routing.respondedByFollowUp(actor.tenantId, run.itemId, run.firstResponseAt ?? now);
    return followUpView((await this.followUps.findOne({ tenantId: actor.tenantId, id }).lean())!);
  }
}

export function runView(r: SopRunRecord) {
  const responseMs = r.firstResponseAt ? r.firstResponseAt.getTime() - r.startedAt.getTime() : null;
  return {
    id: r.id, definitionId: r.definitionId, version: r.version, trigger: r.trigger, customerId: r.customerId, itemId: r.itemId, owner: r.owner,
    status: r.status, cancelReason: r.cancelReason, startedAt: r.startedAt, steps: r.steps,
    firstResponse: { at: r.firstResponseAt, ms: responseMs, targetMs: r.targetMs, met: r.targetMs === null || responseMs === null ? null : responseMs <= r.targetMs },
  };
}

function followUpView(t: FollowUpRecord) {
  return { id: t.id, runId: t.runId, owner: t.owner, customerId: t.customerId, text: t.text, status: t.status, createdAt: t.createdAt, doneAt: t.doneAt };
}
