// Starts the real services Baton needs, with no dependency but Node itself:
// MongoDB (MONGODB_URI, else mongod on PATH, else FerretDB v1 with SQLite,
// built with Go into .tools/) and Redis (REDIS_URL, else Debian's
// redis-server, installed when missing). Free ports, data under .data/.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const FERRETDB_VERSION = 'v1.24.2';

export class ServiceError extends Error {}

const log = (message) => process.stderr.write(`[services] ${message}\n`);

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null;
}

async function waitForPort(port, child, name, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new ServiceError(`${name} exited with code ${child.exitCode} before it listened; see its log`);
    const open = await new Promise((done) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); done(true); });
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ServiceError(`${name} did not listen on port ${port} within ${timeoutMs / 1000}s`);
}

function launch(command, args, logFile) {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return child;
}

/**
 * FerretDB v1.24's SQLite backend looks documents up by `_id` with the
 * expression `_ferretdb_sjson->'$._id'`, while its unique `_id` index is on
 * `_ferretdb_sjson->"_id"`: the same value, but SQLite uses an index only for
 * the identical expression, so every lookup by `_id` read the whole table
 * (EXPLAIN QUERY PLAN: SCAN; measured 23 ms for one lookup in 2,000 documents,
 * growing with the collection). One line makes the lookup use the index.
 */
const FERRETDB_PATCHES = [{
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: 'IDColumn = DefaultColumn + `->"_id"`',
}];

/** Builds FerretDB from the Go module proxy into .tools/bin (once; Go caches the rest), with FERRETDB_PATCHES applied. */
export function ensureFerretDB() {
  // the name changes with the patches, so a tree with an older build builds again
  const binary = join(tools, 'bin', `ferretdb-${FERRETDB_VERSION}-p${FERRETDB_PATCHES.length}`);
  if (existsSync(binary)) return binary;
  if (!onPath('go')) throw new ServiceError('MongoDB is not available: set MONGODB_URI, put mongod on PATH, or install Go to build FerretDB');
  log(`building FerretDB ${FERRETDB_VERSION} with Go (first run only)...`);
  const go = (args, cwd = root) => execFileSync('go', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' } });
  const { Dir } = JSON.parse(go(['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`]));
  const source = join(tools, 'src', 'ferretdb');
  rmSync(source, { recursive: true, force: true });
  cpSync(Dir, source, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', source]);
  // a module download carries no version file; the binary refuses to start without one
  writeFileSync(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  for (const { file, from, to } of FERRETDB_PATCHES) {
    const path = join(source, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new ServiceError(`FerretDB ${FERRETDB_VERSION}: ${file} no longer holds ${from}; review FERRETDB_PATCHES`);
    writeFileSync(path, text.replace(from, to));
  }
  mkdirSync(dirname(binary), { recursive: true });
  go(['build', '-o', binary, './cmd/ferretdb'], source);
  chmodSync(binary, 0o755);
  return binary;
}

function ensureRedis() {
  const found = onPath('redis-server');
  if (found) return found;
  log('installing redis-server from Debian packages...');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'redis-server']);
  const installed = onPath('redis-server');
  if (!installed) throw new ServiceError('Redis is not available: set REDIS_URL or install redis-server (apt-get install redis-server)');
  return installed;
}

/**
 * Debian's chromium for the browser tests and benchmarks (no browser
 * download), and a Chinese font so screenshots of the zh-CN pages are
 * legible; installed when missing.
 */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
  if (existsSync(path) && (process.env.CHROMIUM_PATH || existsSync(cjkFont))) return path;
  log('installing chromium and a Chinese font from Debian packages...');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'chromium', 'fonts-wqy-zenhei']);
  if (!existsSync(path)) throw new ServiceError(`chromium is not available at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  return path;
}

async function startMongo(dataDir) {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, child: null, kind: 'external' };
  const port = await freePort();
  const mongod = onPath('mongod');
  if (mongod) {
    const dir = join(dataDir, 'mongod');
    mkdirSync(dir, { recursive: true });
    const child = launch(mongod, ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], join(dataDir, 'mongod.log'));
    await waitForPort(port, child, 'mongod');
    return { uri: `mongodb://127.0.0.1:${port}`, child, kind: 'mongod' };
  }
  const binary = ensureFerretDB();
  const dir = join(dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const debugPort = await freePort();
  const child = launch(binary, [
    '--handler=sqlite', `--sqlite-url=file:${dir}/?_pragma=busy_timeout(10000)&_pragma=synchronous(normal)`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`,
    `--debug-addr=127.0.0.1:${debugPort}`, '--telemetry=disable', '--log-level=warn',
  ], join(dataDir, 'ferretdb.log'));
  await waitForPort(port, child, 'FerretDB');
  return { uri: `mongodb://127.0.0.1:${port}`, child, kind: 'ferretdb' };
}

async function startRedis(dataDir) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, child: null, kind: 'external' };
  const binary = ensureRedis();
  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = launch(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--protected-mode', 'no'], join(dataDir, 'redis.log'));
  await waitForPort(port, child, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, child, kind: 'redis-server' };
}

/** Starts both services; `stop()` ends what this call started. */
export async function startServices(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const started = [];
  const stop = async () => {
    await Promise.all(started.map((child) => new Promise((done) => {
      if (child.exitCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(force); done(); });
      child.kill('SIGTERM');
    })));
  };
  try {
    const [mongo, redis] = await Promise.all([startMongo(dataDir), startRedis(dataDir)]);
    for (const s of [mongo, redis]) if (s.child) started.push(s.child);
    log(`MongoDB: ${mongo.kind} at ${mongo.uri}; Redis: ${redis.kind} at ${redis.url}`);
    return { mongoUri: mongo.uri, redisUrl: redis.url, mongoKind: mongo.kind, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statMtime(lock) > statMtime(marker));
  if (!stale) return;
  log('installing dependencies (npm ci)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new ServiceError('npm ci failed');
}

function statMtime(path) {
  return statSync(path).mtimeMs;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

