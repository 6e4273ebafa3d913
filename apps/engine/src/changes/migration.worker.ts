import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionsService } from '../definitions/definitions.service';
import { RESUMABLE_JOB_LOCKS } from '../effects/queues';
import { InstancesService } from '../instances/instances.service';
import { MIGRATION, type MigrationItem, type MigrationRecord } from './change.schema';
import { itemOf, MIGRATIONS_QUEUE } from './migrations.service';

/**
 * Runs a migration batch instance by instance. Each move is one guarded
 * write (InstancesService.migrate) whose effects are keyed by the instance's
 * new revision; each result is appended once (guarded by its instance id).
 * A worker killed between the two finds the instance already moved by this
 * migration on the next run and records the line it wrote then, so every
 * instance is moved, and recorded, exactly once.
 */
@Processor(MIGRATIONS_QUEUE, { concurrency: 1, ...RESUMABLE_JOB_LOCKS })
export class MigrationWorker extends WorkerHost {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(MIGRATION) private readonly migrations: Model<MigrationRecord>,
    private readonly definitions: DefinitionsService,
    private readonly instances: InstancesService,
  ) {
    super();
  }

  async process(job: Job<{ tenantId: string; migrationId: string }>): Promise<void> {
    const record = await this.migrations.findOne({ _id: job.data.migrationId, tenantId: job.data.tenantId }).lean();
    if (!record || record.status === 'done' || record.status === 'stopped') return;
    if (record.status === 'stopping') return this.finish(record._id, 'stopped');
    await this.migrations.updateOne({ _id: record._id }, { $set: { status: 'running', startedAt: record.startedAt ?? this.clock.now(), updatedAt: this.clock.now() } });
    const from = await this.definitions.machineFor(record.tenantId, record.definitionId, record.from);
    const to = await this.definitions.machineFor(record.tenantId, record.definitionId, record.to);
    const recorded = new Set(record.results.map((r) => r.instanceId));
    const actor = { tenantId: record.tenantId, id: record.actor.userId, kind: record.actor.kind, ip: null };
    for (const { id: instanceId, serial } of record.instances.filter((i) => !recorded.has(i.id))) {
      const current = await this.migrations.findOne({ _id: record._id }).select({ status: 1 }).lean();
      if (current?.status === 'stopping') return this.finish(record._id, 'stopped');
      const moved = await this.instances.migrate(actor, instanceId, from, to, record.mapping, record._id);
      const item: MigrationItem = moved.outcome === 'already'
        ? { instanceId, serial, outcome: 'migrated', from: moved.entry.from, to: moved.entry.to, closes: moved.entry.tasks?.closed ?? [], opens: moved.entry.tasks?.opened ?? [], timers: { moved: 0, dropped: 0, scheduled: 0 } }
        : itemOf({ _id: instanceId, serial }, moved);
      await this.migrations.updateOne({ _id: record._id, 'results.instanceId': { $ne: instanceId } }, { $push: { results: item }, $set: { updatedAt: this.clock.now() } });
    }
    await this.finish(record._id, 'done');
  }

  private async finish(id: string, status: 'done' | 'stopped'): Promise<void> {
    const now = this.clock.now();
    await this.migrations.updateOne({ _id: id }, { $set: { status, updatedAt: now, ...(status === 'done' ? { finishedAt: now } : {}) } });
  }
}
