#!/usr/bin/env node
import 'reflect-metadata';
import { MongoClient } from 'mongodb';
import IORedis from 'ioredis';
import { createApp } from './app';
import { ConfigError, loadConfig, redact, redisConnection, type Config } from './config/config';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { seed } from './seed/seed';
import { EngineMetrics } from './operations/engine-metrics.service';
import { serveWorkerMetrics } from './operations/worker-metrics';
import { DomainError } from './api/domain-error';
import { parseTenantCreate, TENANT_CREATE_USAGE } from './tenants/tenant-command';
import { COMMAND_LINE, TenantsService } from './tenants/tenants.service';

/**
 * `baton [serve|api|worker|seed|tenant create ...]`: serve runs the API and
 * the workers in one process; api and worker run one role each (same build,
 * scaled apart); seed publishes templates/ to the demo tenant and prints demo
 * access tokens; tenant create makes a tenant with its first super admin.
 */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  const roles: Record<string, Config['BATON_ROLE']> = { serve: 'all', api: 'api', worker: 'worker', seed: 'api', tenant: 'api' };
  if (!(command in roles)) fail(`unknown command "${command}"; use serve, api, worker, seed or tenant create`);
  const tenant = command === 'tenant' ? parseTenantCreate(process.argv.slice(4), process.env.BATON_ADMIN_PASSWORD) : null;
  if (tenant && process.argv[3] !== 'create') fail(`usage: ${TENANT_CREATE_USAGE}`);
  if (tenant && 'problems' in tenant) fail(`${tenant.problems.join('\n')}\nusage: ${TENANT_CREATE_USAGE}`);
  let config: Config;
  try {
    config = { ...loadConfig(), BATON_ROLE: roles[command]! };
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  await preflight(config);
  if (command === 'seed') {
    const context = await NestFactory.createApplicationContext(AppModule.with({ ...config, LOG_LEVEL: 'warn' }), { logger: ['error', 'warn'] });
    const result = await seed(context, process.env.TEMPLATES_DIR ?? join(__dirname, '..', '..', '..', 'templates'));
    await context.close();
    console.log(JSON.stringify(result));
    return;
  }
  if (tenant && 'input' in tenant) {
    const context = await NestFactory.createApplicationContext(AppModule.with({ ...config, LOG_LEVEL: 'warn' }), { logger: ['error', 'warn'] });
    try {
      console.log(JSON.stringify(await context.get(TenantsService).create(COMMAND_LINE, tenant.input)));
    } catch (error) {
      if (error instanceof DomainError) fail([error.message, ...error.problems.map((p) => `${p.pointer}: ${p.message}`)].join('\n'));
      throw error;
    } finally {
      await context.close();
    }
    return;
  }
  const app = await createApp(config);
  if (config.BATON_ROLE === 'worker') {
    await app.init();
    if (config.METRICS_PORT !== undefined) {
      const server = await serveWorkerMetrics(app.get(EngineMetrics), config, config.METRICS_PORT, config.HOST);
      const address = server.address();
      console.log(`baton worker: metrics on http://${config.HOST}:${typeof address === 'object' && address ? address.port : config.METRICS_PORT}/metrics`);
      // it never keeps a stopping worker alive: the queues' connections decide when the process ends
      server.unref();
    }
    console.log('baton worker: consuming jobs');
    return;
  }
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(`baton ${command}: listening on http://localhost:${port} (API /api/v1, docs /docs)`);
}

/** One clear line instead of a stack dump when a service cannot be reached. */
async function preflight(config: Config): Promise<void> {
  const client = new MongoClient(config.MONGODB_URI, { serverSelectionTimeoutMS: 4000, connectTimeoutMS: 4000 });
  try {
    await client.connect();
    await client.db().admin().ping();
  } catch (error) {
    fail(`cannot reach MongoDB at MONGODB_URI=${redact(config.MONGODB_URI)}: ${(error as Error).message}`);
  } finally {
    await client.close().catch(() => undefined);
  }
  const redis = new IORedis({ ...redisConnection(config.REDIS_URL), lazyConnect: true, connectTimeout: 4000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    fail(`cannot reach Redis at REDIS_URL=${redact(config.REDIS_URL)}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

function fail(message: string): never {
  console.error(`baton: ${message}`);
  process.exit(1);
}

main().catch((error) => {
  console.error(`baton: ${(error as Error).message}`);
  process.exit(1);
});
