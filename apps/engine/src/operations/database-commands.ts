import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { EngineMetrics } from './engine-metrics.service';

/**
 * Counts the commands the MongoDB driver sends, when METRICS_DB_COMMANDS
 * opened the connection with `monitorCommands: true`. The driver emits
 * `commandStarted` in the caller's async context, so the count is also
 * attributed to the event being applied. Off by default: to build its
 * events the driver decodes every reply a second time, which costs about a
 * tenth of the approvals per second (README, "Operations").
 */
@Injectable()
export class DatabaseCommands implements OnApplicationBootstrap {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.METRICS_DB_COMMANDS) return;
    this.metrics.countCommands();
    this.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => this.metrics.commandStarted(event.commandName));
  }
}
