import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { DatabaseCommands } from './database-commands';
import { EngineMetrics } from './engine-metrics.service';
import { JobFailures } from './job-failures';
import { MetricsController } from './metrics.controller';
import { QueueBoard } from './queue-board';
import { QueueBoardController } from './queue-board.controller';

/**
 * What operators watch: Prometheus metrics at /metrics and the queue board
 * at /admin/queues. Global so the places that measure (applyEvent, the relay)
 * can inject EngineMetrics without importing this folder's module.
 */
@Global()
@Module({
  imports: [DiscoveryModule, JwtModule.register({})],
  controllers: [MetricsController, QueueBoardController],
  providers: [EngineMetrics, JobFailures, DatabaseCommands, QueueBoard],
  exports: [EngineMetrics],
})
export class OperationsModule {}
