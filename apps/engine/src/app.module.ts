import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ServeStaticModule } from '@nestjs/serve-static';
import { LoggerModule } from 'nestjs-pino';
import mongoose from 'mongoose';
import { existsSync } from 'node:fs';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ClockModule, type Clock } from './clock/clock';
import { CONFIG, redisConnection, type Config } from './config/config';
import { LOG_REDACTIONS } from './config/log-redactions';
import { CustomersModule } from './customers/customers.module';
import { RedisModule } from './database/redis.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { HealthModule } from './health/health.module';
import { InstancesModule } from './instances/instances.module';
import { InstanceWorkersModule } from './instances/workers.module';
import { TASK_READS } from './instances/instances.ports';
import { NodeTypesModule } from './node-types/node-types.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrgModule } from './org/org.module';
import { TASK_HANDOVER } from './org/offboarding.ports';
import { TenantsModule } from './tenants/tenants.module';
import { PeopleModule } from './org/people.module';
import { PeopleRepository } from './org/people.repository';
import { PeopleService } from './org/people.service';
import { RemindersModule } from './reminders/reminders.module';
import { RoutingModule } from './routing/routing.module';
import { TasksModule } from './tasks/tasks.module';
import { TasksService } from './tasks/tasks.service';
import { TaskRecordsModule } from './tasks/task-records.module';
import { TasksRepository } from './tasks/tasks.repository';
import { TaskHandoverService } from './tasks/task-handover';
import { DecisionLinksModule } from './decision-links/decision-links.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { JobsModule } from './jobs/jobs.module';
import { TASK_DECISIONS } from './jobs/jobs.ports';
import { ChangesModule } from './changes/changes.module';
import { OperationsModule } from './operations/operations.module';

// a query does not record the stack it was started from: a `new Error().stack` per query, kept only for
// mongoose's "Query was already executed" message, was 0.6 % of an approval's CPU
mongoose.set('skipOriginalStackTraces', true);

@Global()
@Module({})
class ConfigModule {
  static with(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}

/** The ports lower domains declare for what tasks does: bound here, so the domains tasks reads never import it. */
@Global()
@Module({
  imports: [TasksModule, TaskRecordsModule],
  providers: [
    { provide: TASK_HANDOVER, useExisting: TaskHandoverService },
    { provide: TASK_DECISIONS, useExisting: TasksService },
    { provide: TASK_READS, useExisting: TasksRepository },
  ],
  exports: [TASK_HANDOVER, TASK_DECISIONS, TASK_READS],
})
class TaskPorts {}

@Module({})
export class AppModule {
  static with(config: Config, clock?: Clock): DynamicModule {
    const designer = config.DESIGNER_DIST && existsSync(config.DESIGNER_DIST) ? config.DESIGNER_DIST : undefined;
    return {
      module: AppModule,
      imports: [
        ConfigModule.with(config),
        ClockModule.with(clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        // monitorCommands: the driver reports each command it sends (counted in /metrics when asked: it costs)
        MongooseModule.forRoot(config.MONGODB_URI, { serverSelectionTimeoutMS: 5000, retryAttempts: 1, autoIndex: true, monitorCommands: config.METRICS_DB_COMMANDS }),
        BullModule.forRoot({ connection: redisConnection(config.REDIS_URL), prefix: config.QUEUE_PREFIX }),
        RedisModule,
        AuditModule.with(PeopleModule, PeopleService),
        AuthModule.with(PeopleModule, PeopleRepository),
        NodeTypesModule,
        OrgModule,
        TaskPorts,
        TenantsModule,
        NotificationsModule,
        DefinitionsModule,
        InstancesModule,
        TasksModule,
        DecisionLinksModule,
        WebhooksModule.forRole(config.BATON_ROLE),
        JobsModule.forRole(config.BATON_ROLE),
        ChangesModule.forRole(config.BATON_ROLE),
        CustomersModule,
        RoutingModule,
        RemindersModule.forRole(config.BATON_ROLE),
        CampaignsModule.forRole(config.BATON_ROLE),
        AnalyticsModule,
        HealthModule,
        OperationsModule,
        ...(config.BATON_ROLE === 'api' ? [] : [InstanceWorkersModule]),
        ...(designer ? [ServeStaticModule.forRoot({ rootPath: designer, exclude: ['/api/{*path}', '/docs/{*path}', '/health', '/metrics', '/admin/{*path}'] })] : []),
      ],
    };
  }
}
