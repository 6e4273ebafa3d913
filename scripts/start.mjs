#!/usr/bin/env node
// `npm start`: installs what is missing, builds, starts MongoDB and Redis
// (data kept in .data/dev), seeds the demo tenant with every template and
// serves the API, the docs and the designer on one port.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_NODE_FLAGS, ensureInstalled, freePort, root, run, ServiceError, startServices } from './services.mjs';

const ENGINE = join(root, 'apps', 'engine', 'dist', 'main.js');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

async function main() {
  ensureInstalled();
  if (run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { env: nxEnv }) !== 0) fail('the build failed');
  const dataDir = join(root, '.data', 'dev');
  mkdirSync(dataDir, { recursive: true });
  const services = await startServices(dataDir);
  const port = process.env.PORT ? Number(process.env.PORT) : await preferredPort(3000);
  const env = {
    ...process.env,
    MONGODB_URI: process.env.MONGODB_URI ?? `${services.mongoUri}/baton`,
    REDIS_URL: services.redisUrl,
    JWT_SECRET: process.env.JWT_SECRET ?? devSecret(dataDir),
    DESIGNER_DIST: join(root, 'apps', 'designer', 'dist'),
    PORT: String(port),
  };
  const seeded = spawnSync(process.execPath, [ENGINE, 'seed'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (seeded.status !== 0) {
    await services.stop();
    fail('seeding the demo tenant failed');
  }
  const result = JSON.parse(seeded.stdout.trim().split('\n').pop());
  const engine = spawn(process.execPath, [...ENGINE_NODE_FLAGS, ENGINE, 'serve'], { env, stdio: 'inherit' });
  const stop = async () => {
    engine.kill('SIGTERM');
    await new Promise((r) => (engine.exitCode !== null ? r() : engine.once('exit', r)));
    await services.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  engine.once('exit', async (code) => {
    await services.stop();
    process.exit(code ?? 1);
  });
  await waitForHealth(port);
  console.log([
    '',
    `Baton is ready on http://localhost:${port}`,
    `  designer  http://localhost:${port}/`,
    `  API       http://localhost:${port}/api/v1   (OpenAPI: /docs, /docs/json)`,
    `  health    http://localhost:${port}/health`,
    `Templates published to tenant "${result.tenant}": ${[...result.published, ...result.unchanged].join(', ')}`,
    `Sign in: POST /api/v1/auth/login {"tenant":"${result.tenant}","email":"<one below>","password":"${result.password}"}`,
    ...result.people.map((p) => `  ${p.id.padEnd(13)} ${p.email}`),
    'Stop with Ctrl+C.',
    '',
  ].join('\n'));
}

async function waitForHealth(port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`the engine did not become healthy on port ${port} within 60 s`);
}

/** 3000 when it is free, else any free port. */
async function preferredPort(port) {
  const net = await import('node:net');
  const free = await new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
  return free ? port : freePort();
}

/** A per-checkout secret for development, kept in the git-ignored .data/. */
function devSecret(dataDir) {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

main().catch((error) => fail(error instanceof ServiceError ? error.message : error.stack ?? String(error)));
