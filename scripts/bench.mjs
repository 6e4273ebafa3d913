#!/usr/bin/env node
// `npm run bench`: builds, starts its own services, prints one JSON line of
// figures with their same-process baselines (see test/bench/bench.cjs).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_NODE_FLAGS, ensureChromium, ensureInstalled, root, run, startServices } from './services.mjs';

ensureInstalled();
ensureChromium();
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
if (run('npx', ['nx', 'run-many', '-t', 'build', '--projects=@baton/dsl,@baton/engine,@baton/designer', '--outputStyle=static'], { env: nxEnv, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0) {
  console.error('npm run bench: the build failed');
  process.exit(1);
}
const dataDir = join(root, '.data', `bench-${process.pid}`);
const services = await startServices(dataDir);
let code;
try {
  // the engine runs in this process (and the campaign's engine with its flags): the product's Node flags
  code = run(process.execPath, [...ENGINE_NODE_FLAGS, join(root, 'test', 'bench', 'bench.cjs')], {
    env: { ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, BENCH_MONGODB_KIND: services.mongoKind },
  });
} finally {
  await services.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
