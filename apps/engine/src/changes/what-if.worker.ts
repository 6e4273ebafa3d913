import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compile, directoryNeeds, InvalidDefinition, whatIf, type Definition, type Directory, type InstanceContext, type OrgDepartment, type RecordedRequest, type VersionUnderTest } from '@baton/dsl';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { DomainError } from '../api/domain-error';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesRepository, type InstanceState } from '../instances/instances.repository';
import { NodeTypesService } from '../node-types/node-types.service';
import { PeopleRepository } from '../org/people.repository';
import { PeopleService } from '../org/people.service';
import { WHAT_IF, type WhatIfRecord } from './change.schema';
import { WHAT_IF_QUEUE } from './what-if.service';

/** Progress is written every this many requests. */
const PROGRESS_EVERY = 10;
/** People looked at per department: enough to find a missing head or manager, bounded for large departments. */
const PEOPLE_PER_DEPARTMENT = 25;

/**
 * Runs a what-if: reads the organisation and the latest requests (I/O
 * here), and hands them to the pure `whatIf` of packages/dsl one by one.
 * Every request is replayed with the initiator's organisation as it is now,
 * on both versions, so a path changes only because the definition does.
 */
@Processor(WHAT_IF_QUEUE, { concurrency: 1 })
export class WhatIfWorker extends WorkerHost {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(WHAT_IF) private readonly runs: Model<WhatIfRecord>,
    private readonly definitions: DefinitionsService,
    private readonly nodeTypes: NodeTypesService,
    private readonly people: PeopleService,
    private readonly departments: PeopleRepository,
    private readonly instances: InstancesRepository,
  ) {
    super();
  }

  async process(job: Job<{ tenantId: string; runId: string }>): Promise<void> {
    const run = await this.runs.findOne({ _id: job.data.runId, tenantId: job.data.tenantId }).lean();
    if (!run || run.status === 'done') return;
    const save = (fields: Partial<WhatIfRecord>) => this.runs.updateOne({ _id: run._id }, { $set: { ...fields, updatedAt: this.clock.now() } });
    try {
      await this.analyse(run, save);
    } catch (error) {
      // the draft changed into something that cannot run (or was removed): say so; the database or Redis: let BullMQ retry
      if (!(error instanceof DomainError || error instanceof InvalidDefinition)) throw error;
      await save({ status: 'failed', error: error.message, finishedAt: this.clock.now() });
    }
  }

  private async analyse(run: WhatIfRecord, save: (fields: Partial<WhatIfRecord>) => Promise<unknown>): Promise<void> {
    const definition = (await this.definitions.get(run.actor, run.definitionId)).definition as unknown as Definition;
    const draft: VersionUnderTest = { definition, machine: compile(definition, this.nodeTypes.registry) };
    const published = run.against === null ? draft : await this.definitions.machineFor(run.tenantId, run.definitionId, run.against);
    const needs = directoryNeeds({ nodes: [...definition.nodes, ...published.definition.nodes], settings: definition.settings });
    const directories = new Map<string, Promise<Directory>>();
    const directoryOf = (userId: string) => {
      if (!directories.has(userId)) directories.set(userId, this.people.directory(run.tenantId, userId, needs));
      return directories.get(userId)!;
    };
    const requests = run.against === null ? [] : await this.instances.latestOf(run.tenantId, run.definitionId, run.against, run.limit);
    await save({ status: 'running', total: requests.length, done: 0 });
    const org: OrgDepartment[] = [];
    for (const d of await this.departments.allDepartments(run.tenantId)) {
      const members = (await this.people.members(run.tenantId, d.id, false)).users.slice(0, PEOPLE_PER_DEPARTMENT);
      org.push({ id: d.id, name: d.name, people: await Promise.all(members.map(async (id) => ({ id, directory: await directoryOf(id) }))) });
    }
    const analysis = whatIf(draft, published, org, this.nodeTypes.registry);
    for (const [index, doc] of requests.entries()) {
      analysis.add(recorded(doc, await directoryOf(doc.createdBy)));
      if ((index + 1) % PROGRESS_EVERY === 0) await save({ done: index + 1 });
    }
    await save({ status: 'done', done: requests.length, report: analysis.report(), finishedAt: this.clock.now() });
  }
}

/** A stored request as the what-if replays it: what it was submitted with, the organisation of now, and its decisions. */
function recorded(doc: InstanceState, directory: Directory): RecordedRequest {
  const context = (doc.snapshot as { context: InstanceContext }).context;
  return {
    id: doc._id, serial: doc.serial, finished: doc.status !== 'running' && doc.status !== 'returned',
    input: { form: context.form, initiator: { ...context.initiator, id: String(context.initiator.id) }, instance: context.instance as { id: string }, directory, chosen: context.chosen },
    decisions: doc.history.filter((h) => h.type === 'decide' && h.node && (h.outcome === 'approved' || h.outcome === 'rejected'))
      .map((h) => ({ node: h.node!, by: h.actor, outcome: h.outcome as 'approved' | 'rejected' })),
  };
}
