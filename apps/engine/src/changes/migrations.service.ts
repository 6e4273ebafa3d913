import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { landingNodes, mappingProblems, suggestMapping, type MigrationPlan, type NodeMapping } from '@baton/dsl';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionsService, type PublishedVersion } from '../definitions/definitions.service';
import { KEEP } from '../effects/queues';
import { InstancesRepository, type InstanceState } from '../instances/instances.repository';
import { InstancesService } from '../instances/instances.service';
import { NodeTypesService } from '../node-types/node-types.service';
import { MIGRATION, type MigrationItem, type MigrationRecord } from './change.schema';

export const MIGRATIONS_QUEUE = 'migrations';

export interface MigrationRequest {
  from: number;
  to: number;
  mapping: NodeMapping;
}

/**
 * Moving the running requests of one version to another: the mapping the
 * analyst starts from, the dry run, and the batch (a background job that can
 * be stopped and resumed). Each instance's move is written by the instances
 * domain in one guarded update (InstancesService.migrate).
 */
@Injectable()
export class MigrationsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(MIGRATION) private readonly migrations: Model<MigrationRecord>,
    @InjectQueue(MIGRATIONS_QUEUE) private readonly queue: Queue<{ tenantId: string; migrationId: string }>,
    private readonly definitions: DefinitionsService,
    private readonly instances: InstancesRepository,
    private readonly moves: InstancesService,
    private readonly nodeTypes: NodeTypesService,
  ) {}

  /** Both versions, compiled; 422 when they are the same. */
  async versions(tenantId: string, definitionId: string, from: number, to: number): Promise<[PublishedVersion, PublishedVersion]> {
    if (from === to) throw new InvalidInput([{ pointer: '/body/to', message: `must differ from "from" (${from})` }]);
    return Promise.all([this.definitions.machineFor(tenantId, definitionId, from), this.definitions.machineFor(tenantId, definitionId, to)]);
  }

  /** The suggested mapping, where requests wait now, and where they may land. */
  async suggest(actor: Identity, definitionId: string, from: number, to: number) {
    const [a, b] = await this.versions(actor.tenantId, definitionId, from, to);
    const waiting: Record<string, number> = {};
    for (const doc of await this.instances.waitingOn(actor.tenantId, definitionId, from)) {
      const node = waitingAt(doc);
      waiting[node] = (waiting[node] ?? 0) + 1;
    }
    return {
      from, to,
      suggestions: suggestMapping(a.definition, b.definition, this.nodeTypes.registry).map((s) => ({ ...s, waiting: waiting[s.from] ?? 0 })),
      targets: landingNodes(b.definition, this.nodeTypes.registry).map((id) => ({ id, title: b.definition.nodes.find((n) => n.id === id)!.title ?? id })),
    };
  }

  /** What the batch would do to each waiting request now, without writing anything. */
  async dryRun(actor: Identity, definitionId: string, body: MigrationRequest) {
    const [from, to] = await this.checked(actor, definitionId, body);
    const items = (await this.instances.waitingOn(actor.tenantId, definitionId, body.from)).map((doc) => itemOf(doc, this.moves.migrationPlan(doc, from, to, body.mapping)));
    return { from: body.from, to: body.to, ...counts(items), items };
  }

  /** Records the batch with the requests waiting now, then queues it. */
  async start(actor: Identity, definitionId: string, body: MigrationRequest) {
    await this.checked(actor, definitionId, body);
    const waiting = (await this.instances.waitingOn(actor.tenantId, definitionId, body.from)).map((d) => ({ id: d._id, serial: d.serial }));
    const now = this.clock.now();
    const record: MigrationRecord = {
      _id: randomUUID(), tenantId: actor.tenantId, definitionId, from: body.from, to: body.to, mapping: body.mapping, actor,
      instances: waiting, status: 'queued', results: [], runs: 1, startedAt: null, finishedAt: null, createdAt: now, updatedAt: now,
    };
    await this.migrations.create(record);
    await this.enqueue(record);
    return view(record, now);
  }

  async get(actor: Identity, id: string) {
    return view(await this.find(actor, id), this.clock.now());
  }

  /** Asks the batch to stop after the instance it is moving. */
  async stop(actor: Identity, id: string) {
    await this.find(actor, id);
    const now = this.clock.now();
    const stopped = await this.migrations.updateOne({ _id: id, tenantId: actor.tenantId, status: { $in: ['queued', 'running'] } }, { $set: { status: 'stopping', updatedAt: now } });
    if (stopped.matchedCount !== 1) {
      const current = await this.find(actor, id);
      if (current.status !== 'stopping' && current.status !== 'stopped') throw new DomainError('conflict', `migration "${id}" is ${current.status}; only a queued or running one can stop`);
    }
    return this.get(actor, id);
  }

  /** Goes on from the first request not yet moved. */
  async resume(actor: Identity, id: string) {
    await this.find(actor, id);
    const resumed = await this.migrations.findOneAndUpdate({ _id: id, tenantId: actor.tenantId, status: 'stopped' },
      { $set: { status: 'queued', updatedAt: this.clock.now() }, $inc: { runs: 1 } }, { new: true }).lean();
    if (!resumed) throw new DomainError('conflict', `migration "${id}" is not stopped`);
    await this.enqueue(resumed);
    return view(resumed, this.clock.now());
  }

  private async enqueue(record: MigrationRecord): Promise<void> {
    // each run has its own job id; a worker killed mid-run gets the job again (attempts) and goes on where the results end
    await this.queue.add('migrate', { tenantId: record.tenantId, migrationId: record._id },
      { jobId: `migration.${record._id}.${record.runs}`, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...KEEP });
  }

  private async checked(actor: Identity, definitionId: string, body: MigrationRequest): Promise<[PublishedVersion, PublishedVersion]> {
    const versions = await this.versions(actor.tenantId, definitionId, body.from, body.to);
    const problems = mappingProblems(versions[0].definition, versions[1].definition, body.mapping, '/body/mapping', this.nodeTypes.registry);
    if (problems.length > 0) throw new InvalidInput(problems, 'the mapping is invalid');
    return versions;
  }

  private async find(actor: Identity, id: string): Promise<MigrationRecord> {
    const record = await this.migrations.findOne({ _id: id, tenantId: actor.tenantId }).lean();
    if (!record) throw new NotFound('migration', id);
    return record;
  }
}

/** Where a request waits: its node, or the node that returned it to the initiator. */
export function waitingAt(doc: Pick<InstanceState, 'snapshot' | 'at' | 'status'>): string {
  const context = (doc.snapshot as { context?: { returnedFrom?: string | null } }).context;
  return doc.status === 'returned' ? context?.returnedFrom ?? '' : doc.at[0] ?? '';
}

/** One instance's line in the dry run and in the batch's results. */
export function itemOf(doc: Pick<InstanceState, '_id' | 'serial'>, plan: MigrationPlan): MigrationItem {
  const about = { instanceId: doc._id, serial: doc.serial, from: plan.from };
  if (plan.outcome === 'refused') return { ...about, outcome: 'refused', to: plan.from, code: plan.code, message: plan.message, closes: [], opens: [], timers: { moved: 0, dropped: 0, scheduled: 0 } };
  const { moved, dropped, scheduled } = plan.timers;
  return { ...about, outcome: 'migrated', to: plan.to, how: plan.how, closes: plan.closes, opens: plan.opens, timers: { moved: moved.length, dropped: dropped.length, scheduled: scheduled.length } };
}

function counts(items: MigrationItem[]) {
  const migrated = items.filter((i) => i.outcome === 'migrated').length;
  return { total: items.length, migrated, refused: items.length - migrated };
}

export function view(m: MigrationRecord, now: Date) {
  const seconds = m.startedAt ? ((m.finishedAt ?? now).getTime() - new Date(m.startedAt).getTime()) / 1000 : 0;
  const done = m.results.length;
  return {
    id: m._id, definitionId: m.definitionId, from: m.from, to: m.to, mapping: m.mapping, status: m.status,
    ...counts(m.results), total: m.instances.length, done, progress: m.instances.length === 0 ? 1 : done / m.instances.length,
    ratePerSecond: seconds > 0 ? Math.round((done / seconds) * 100) / 100 : 0,
    results: m.results, createdBy: m.actor.userId, createdAt: m.createdAt, startedAt: m.startedAt, finishedAt: m.finishedAt,
  };
}
