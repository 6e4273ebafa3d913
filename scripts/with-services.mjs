#!/usr/bin/env node
// Runs a command with MONGODB_URI and REDIS_URL set: the ones given, or
// services started for this run only. Lets `nx run-many -t test` work on
// its own; `npm test` starts the services once for all projects instead.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServices } from './services.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-services.mjs COMMAND [ARGS...]');
  process.exit(2);
}
let services;
let dataDir;
if (!process.env.MONGODB_URI || !process.env.REDIS_URL) {
  dataDir = join(root, '.data', `run-${process.pid}`);
  services = await startServices(dataDir);
}
const env = { ...process.env, MONGODB_URI: process.env.MONGODB_URI ?? services.mongoUri, REDIS_URL: process.env.REDIS_URL ?? services.redisUrl };
const result = spawnSync(command, args, { stdio: 'inherit', env });
if (services) {
  await services.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
