#!/usr/bin/env node
// `npm test`: installs what is missing, builds, starts its own MongoDB and
// Redis on free ports, runs every project's tests, stops what it started and
// prints one line: "N passed, N failed". Needs nothing but Node to begin.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, ensureInstalled, root, run, ServiceError, startServices } from './services.mjs';

const PROJECTS = ['dsl', 'engine', 'designer', 'e2e'];
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };

async function main() {
  const results = join(root, '.data', 'results');
  rmSync(results, { recursive: true, force: true });
  try {
    ensureInstalled();
    ensureChromium();
  } catch (error) {
    return finish(0, 1, error.message);
  }
  if (run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { env: nxEnv }) !== 0) {
    return finish(0, 1, 'the build failed');
  }
  const dataDir = join(root, '.data', `test-${process.pid}`);
  let services;
  try {
    services = await startServices(dataDir);
  } catch (error) {
    if (error instanceof ServiceError) return finish(0, 1, error.message);
    throw error;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop().then(() => process.exit(130)));
  let code;
  try {
    // the build above is what the tests need: without the cache, letting nx
    // run the tests' build dependencies again built two projects twice (28 s)
    code = run('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--exclude-task-dependencies', '--outputStyle=static'], {
      env: { ...nxEnv, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, BATON_RESULTS_DIR: results },
    });
  } finally {
    await stop();
  }
  let passed = 0;
  let failed = 0;
  for (const project of PROJECTS) {
    const file = join(results, `${project}.json`);
    if (!existsSync(file)) {
      console.error(`no results from ${project}: its test run did not finish`);
      failed += 1;
      continue;
    }
    const totals = JSON.parse(readFileSync(file, 'utf8'));
    passed += totals.passed;
    failed += totals.failed;
  }
  if (code !== 0 && failed === 0) failed = 1;
  return finish(passed, failed);
}

function finish(passed, failed, reason) {
  if (reason) console.error(`npm test: ${reason}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  finish(0, 1);
});
