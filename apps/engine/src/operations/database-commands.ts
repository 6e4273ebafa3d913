import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { EngineMetrics } from './engine-metrics.service';

/**
 * Counts the commands the MongoDB driver sends (the connection is opened with
 * `monitorCommands: true`). The driver emits `commandStarted` in the caller's
 * async context, so the count is also attributed to the event being applied.
 */
@Injectable()
export class DatabaseCommands implements OnApplicationBootstrap {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly metrics: EngineMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => this.metrics.commandStarted(event.commandName));
  }
}
