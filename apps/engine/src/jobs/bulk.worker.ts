import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { DomainError } from '../api/domain-error';
import { RESUMABLE_JOB_LOCKS } from '../effects/queues';
import { JOB, type JobItemResult, type JobRecord } from './job.schema';
import { TASK_DECISIONS, type TaskDecisions } from './jobs.ports';
import { JOBS_QUEUE } from './jobs.service';

/** Progress is written every this many items (and at the end). */
const PROGRESS_EVERY = 10;

/**
 * Runs bulk jobs item by item with the rights of the person who asked.
 * After a crash the job runs again from its first item not yet recorded;
 * an item the crash left half done is skipped by the domain's own guard
 * (a task already decided answers 409).
 */
@Processor(JOBS_QUEUE, { concurrency: 2, ...RESUMABLE_JOB_LOCKS })
export class BulkWorker extends WorkerHost {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(JOB) private readonly jobs: Model<JobRecord>,
    @Inject(TASK_DECISIONS) private readonly tasks: TaskDecisions,
  ) {
    super();
  }

  async process(job: Job<{ tenantId: string; jobId: string }>): Promise<void> {
    const record = await this.jobs.findOne({ _id: job.data.jobId, tenantId: job.data.tenantId }).lean();
    if (!record || record.status === 'done') return;
    const results: JobItemResult[] = [...record.results];
    const started = record.startedAt ?? this.clock.now();
    await this.jobs.updateOne({ _id: record._id }, { $set: { status: 'running', startedAt: started, updatedAt: this.clock.now() } });
    const ids = record.input.taskIds as string[];
    const comment = record.input.comment as string | undefined;
    for (const id of ids.slice(results.length)) {
      try {
        await this.tasks.decide(record.actor, id, 'approved', comment);
        results.push({ id, status: 'done' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // the database or Redis: let BullMQ retry the job
        results.push({ id, status: error.kind === 'conflict' ? 'skipped' : 'failed', message: error.message });
      }
      if (results.length % PROGRESS_EVERY === 0) await this.save(record._id, results);
    }
    await this.save(record._id, results, true);
  }

  private save(id: string, results: JobItemResult[], finished = false) {
    const done = results.filter((r) => r.status !== 'failed').length;
    return this.jobs.updateOne({ _id: id }, {
      $set: { results, done, failed: results.length - done, updatedAt: this.clock.now(), ...(finished ? { status: 'done', finishedAt: this.clock.now() } : {}) },
    });
  }
}
