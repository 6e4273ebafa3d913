import { InjectQueue } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Injectable, Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { KEEP } from '../effects/queues';
import { JOB, type JobRecord } from './job.schema';

export const JOBS_QUEUE = 'jobs';

@Injectable()
export class JobsService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(JOB) private readonly jobs: Model<JobRecord>,
    @InjectQueue(JOBS_QUEUE) private readonly queue: Queue<{ tenantId: string; jobId: string }>,
  ) {}

  /** Records the job, then queues it under its own id; the caller answers 202 with it. */
  async submit(actor: Identity, kind: JobRecord['kind'], input: Record<string, unknown>, total: number) {
    const now = this.clock.now();
    const record: JobRecord = {
      _id: randomUUID(), tenantId: actor.tenantId, kind, actor, input, status: 'queued', total, done: 0, failed: 0, results: [],
      startedAt: null, finishedAt: null, createdAt: now, updatedAt: now,
    };
    await this.jobs.create(record);
    // a worker killed mid-job runs it again: each item is idempotent (a decided task is skipped)
    await this.queue.add(kind, { tenantId: actor.tenantId, jobId: record._id }, { jobId: `job.${record._id}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP });
    return view(record, this.clock.now());
  }

  /** Progress of a job for the person who started it (or a super admin). */
  async get(actor: Identity, id: string) {
    const job = await this.jobs.findOne({ _id: id, tenantId: actor.tenantId }).lean();
    if (!job || (job.actor.userId !== actor.userId && !actor.roles.includes('superAdmin'))) throw new NotFound('job', id);
    return view(job, this.clock.now());
  }
}

export function view(job: JobRecord, now: Date) {
  const processed = job.done + job.failed;
  const seconds = job.startedAt ? ((job.finishedAt ?? now).getTime() - new Date(job.startedAt).getTime()) / 1000 : 0;
  const rate = seconds > 0 ? processed / seconds : 0;
  return {
    id: job._id, kind: job.kind, status: job.status, total: job.total, done: job.done, failed: job.failed,
    progress: job.total === 0 ? 1 : processed / job.total,
    ratePerSecond: Math.round(rate * 100) / 100,
    etaSeconds: job.status === 'running' && rate > 0 ? Math.ceil((job.total - processed) / rate) : null,
    results: job.results, createdBy: job.actor.userId, createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt,
  };
}
