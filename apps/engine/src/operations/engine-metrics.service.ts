import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { DomainError } from '../api/domain-error';

/** How an event ended: written, refused by the state it met, lost too many races, or failed otherwise. */
export type EventOutcome = 'applied' | 'refused' | 'conflict' | 'error';

/** The database commands one event caused; closed when the event settles, so later work does not count. */
interface EventScope {
  commands: number;
  open: boolean;
}

/**
 * The engine's Prometheus metrics, one registry per application (tests run
 * several engines in one process). Each measurement has one method here; the
 * places that measure call it and know nothing of prom-client.
 */
@Injectable()
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly scope = new AsyncLocalStorage<EventScope>();

  private readonly httpDuration = new Histogram({
    name: 'baton_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL) and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly eventsApplied = new Counter({
    name: 'baton_events_applied_total',
    help: 'Events handed to applyEvent, by event type and outcome (applied, refused, conflict, error)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  // the two command metrics are registered by countCommands(): without it the driver reports no command
  private readonly commandsPerEvent = new Histogram({
    name: 'baton_db_commands_per_event',
    help: 'Database commands one applied event issued (load, definition, guarded write, retries); the relay hand-over is counted apart',
    labelNames: ['event'] as const,
    buckets: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50],
    registers: [],
  });

  private readonly commands = new Counter({
    name: 'baton_db_commands_total',
    help: 'Database commands sent, by command name (driver command monitoring)',
    labelNames: ['command'] as const,
    registers: [],
  });

  /** Whether database commands are counted (METRICS_DB_COMMANDS): only then does an event carry a scope. */
  private countingCommands = false;

  private readonly outboxLag = new Histogram({
    name: 'baton_outbox_lag_seconds',
    help: 'Seconds between the write that filled an instance outbox and its hand-over to the queues',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly jobFailures = new Counter({
    name: 'baton_job_failures_total',
    help: 'BullMQ jobs that failed for good (no attempt left), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly jobRetries = new Counter({
    name: 'baton_job_retries_total',
    help: 'BullMQ job attempts that failed and will be tried again, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Runs one event through `apply`, counting its outcome and the database
   * commands started inside it (AsyncLocalStorage follows the awaits).
   */
  async measureEvent<T>(event: string, apply: () => Promise<T>): Promise<T> {
    const scope: EventScope = { commands: 0, open: true };
    try {
      const result = await (this.countingCommands ? this.scope.run(scope, apply) : apply());
      this.eventsApplied.inc({ event, outcome: 'applied' });
      if (this.countingCommands) this.commandsPerEvent.observe({ event }, scope.commands);
      return result;
    } catch (error) {
      this.eventsApplied.inc({ event, outcome: outcomeOf(error) });
      throw error;
    } finally {
      scope.open = false;
    }
  }

  /** Work an event starts but does not wait for (the relay's hand-over): its commands are not the event's. */
  detached<T>(work: () => T): T {
    return this.countingCommands ? this.scope.exit(work) : work();
  }

  /** From now on the commands the driver reports are counted, in total and per event. */
  countCommands(): void {
    if (this.countingCommands) return;
    this.countingCommands = true;
    this.registry.registerMetric(this.commandsPerEvent);
    this.registry.registerMetric(this.commands);
  }

  commandStarted(command: string): void {
    this.commands.inc({ command });
    const scope = this.scope.getStore();
    if (scope?.open) scope.commands++;
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  outboxHandedOver(writtenAt: Date, now: number): void {
    this.outboxLag.observe(Math.max(0, now - writtenAt.getTime()) / 1000);
  }

  jobFailed(queue: string, final: boolean): void {
    (final ? this.jobFailures : this.jobRetries).inc({ queue });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Refusals and lost races are conflicts by kind; they are told apart by the
 * error's name so this folder does not import the instances domain.
 */
function outcomeOf(error: unknown): EventOutcome {
  if (!(error instanceof DomainError) || error.kind !== 'conflict') return 'error';
  return error.name === 'ConcurrentUpdate' ? 'conflict' : 'refused';
}
