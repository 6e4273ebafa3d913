import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { EngineMetrics } from './engine-metrics.service';

/**
 * Counts failed job attempts of every worker this process runs. BullMQ
 * emits `failed` after it moved the job: a job with `finishedOn` is failed for
 * good, one without it waits for its next attempt.
 */
@Injectable()
export class JobFailures implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: EngineMetrics,
  ) {}

  /** After every module's init: @nestjs/bullmq creates the workers then. */
  onApplicationBootstrap(): void {
    for (const worker of this.workers()) {
      worker.on('failed', (job: Job | undefined) => this.metrics.jobFailed(worker.name, Boolean(job?.finishedOn)));
    }
  }

  private workers(): Worker[] {
    return this.discovery.getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map(workerOf)
      .filter((worker): worker is Worker => worker !== undefined);
  }
}

/** The host's worker; the getter throws when none was created for it. */
function workerOf(host: WorkerHost): Worker | undefined {
  try {
    return host.worker;
  } catch {
    return undefined;
  }
}
