import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Definition, WhatIfReport } from '@baton/dsl';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionNotPublishable, NotPublished } from '../definitions/definition.errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { KEEP } from '../effects/queues';
import { WHAT_IF, type WhatIfRecord } from './change.schema';

export const WHAT_IF_QUEUE = 'what-if';

/** The longest findings text a version note takes. */
const NOTE_FINDINGS = 3000;

/**
 * "What if I publish this draft?": a background run against the live
 * organisation and the latest requests of the published version (see
 * WhatIfWorker), and publishing anyway with its findings in the version note.
 */
@Injectable()
export class WhatIfService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(WHAT_IF) private readonly runs: Model<WhatIfRecord>,
    @InjectQueue(WHAT_IF_QUEUE) private readonly queue: Queue<{ tenantId: string; runId: string }>,
    private readonly definitions: DefinitionsService,
  ) {}

  /** Checks the draft can be published at all (422 with its problems), then queues the run. */
  async start(actor: Identity, definitionId: string, limit: number) {
    const draft = await this.definitions.get(actor, definitionId);
    if (draft.problems.length > 0) throw new DefinitionNotPublishable(definitionId, draft.problems);
    if ((draft.definition as unknown as Definition).kind !== 'approval') {
      throw new DomainError('conflict', `"${definitionId}" is a ${(draft.definition as unknown as Definition).kind} definition; what-if runs approval flows`);
    }
    const against = await this.definitions.published(actor.tenantId, definitionId).then((p) => p.version, (error) => {
      if (error instanceof NotPublished) return null;
      throw error;
    });
    const now = this.clock.now();
    const record: WhatIfRecord = {
      _id: randomUUID(), tenantId: actor.tenantId, definitionId, against, limit, actor, status: 'queued', total: 0, done: 0,
      report: null, error: null, createdAt: now, updatedAt: now, finishedAt: null,
    };
    await this.runs.create(record);
    await this.queue.add('what-if', { tenantId: actor.tenantId, runId: record._id }, { jobId: `what-if.${record._id}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP });
    return view(record);
  }

  async get(actor: Identity, id: string) {
    return view(await this.find(actor, id));
  }

  /** Publishes the draft although the run found something: its findings go into the version note. */
  async publishAnyway(actor: Identity, id: string, note = '') {
    const run = await this.find(actor, id);
    if (run.status !== 'done' || !run.report) throw new DomainError('conflict', `what-if "${id}" is ${run.status}; publish after it is done`);
    const findings = findingsText(run.report, run.against).slice(0, NOTE_FINDINGS);
    return this.definitions.publish(actor, run.definitionId, [note.trim(), findings].filter(Boolean).join('\n\n'));
  }

  private async find(actor: Identity, id: string): Promise<WhatIfRecord> {
    const record = await this.runs.findOne({ _id: id, tenantId: actor.tenantId }).lean();
    if (!record) throw new NotFound('what-if run', id);
    return record;
  }
}

/** The findings in a few plain lines, for the version note. */
export function findingsText(report: WhatIfReport, against: number | null): string {
  const lines = [`What-if before publishing: ${report.requests} request(s) of version ${against ?? '-'} replayed.`];
  for (const d of report.departments) {
    for (const n of d.nobody) lines.push(`- ${d.department.name}: "${n.node}" asks nobody (${n.people.join(', ')}), then ${n.then}s`);
    for (const n of d.initiator) lines.push(`- ${d.department.name}: "${n.node}" asks the initiator (${n.people.join(', ')})`);
  }
  for (const c of report.pathChanges) lines.push(`- ${c.serial}: path changes${c.added.length ? `, adds ${c.added.join(', ')}` : ''}${c.removed.length ? `, skips ${c.removed.join(', ')}` : ''}`);
  if (report.unreached.length > 0) lines.push(`- no request reaches: ${report.unreached.join(', ')}`);
  for (const w of report.waitForever) lines.push(`- "${w.node}" could wait forever (no deadline; ${w.why === 'withdrawNever' ? 'withdrawing is never allowed' : 'someone decided before, so it cannot be withdrawn'})`);
  return lines.join('\n');
}

export function view(r: WhatIfRecord) {
  return {
    id: r._id, definitionId: r.definitionId, against: r.against, limit: r.limit, status: r.status, total: r.total, done: r.done,
    progress: r.status === 'done' ? 1 : r.total === 0 ? 0 : r.done / r.total,
    report: r.report, error: r.error, createdBy: r.actor.userId, createdAt: r.createdAt, finishedAt: r.finishedAt,
  };
}
