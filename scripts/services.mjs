// Starts the real services Baton needs, with no dependency but Node itself:
// MongoDB (MONGODB_URI, else mongod on PATH, else the embedded
// mongo-java-server with H2, see scripts/embedded-mongo) and Redis (REDIS_URL, else Debian's
// redis-server, installed when missing). Free ports, data under .data/.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');

export class ServiceError extends Error {}

/**
 * The Node flags the engine runs with, here, in `npm start`, in the bench and
 * in the Dockerfile's ENTRYPOINT (keep them equal). A young generation of
 * 2 x 64 MB instead of 2 x 16 MB: a request's or a campaign batch's objects
 * die young instead of being promoted and collected as old garbage. Measured
 * (2 cores): engine CPU per HTTP approval 5.4 -> 4.2-5.2 ms, campaign peak RSS
 * 373-400 -> 298-365 MB.
 */
export const ENGINE_NODE_FLAGS = ['--max-semi-space-size=64'];

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

export async function waitForPort(port, child, name, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const said = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').pop() : '';
      throw new ServiceError(`${name} exited with code ${child.exitCode} before it listened${said ? `: ${said}` : `; see ${logFile}`}`);
    }
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

const EMBEDDED = join(root, 'scripts', 'embedded-mongo');

/** Debian's Java 17 JDK and Maven, installed when missing (the embedded server is Java). */
function ensureJava() {
  if (onPath('java') && onPath('javac') && onPath('mvn')) return;
  aptInstall(['openjdk-17-jdk-headless', 'maven'], 'Java and Maven');
  if (!onPath('java') || !onPath('javac') || !onPath('mvn')) {
    throw new ServiceError('MongoDB is not available: set MONGODB_URI, put mongod on PATH, or install Java 17 and Maven (apt-get install openjdk-17-jdk-headless maven)');
  }
}

/**
 * The embedded MongoDB server: mongo-java-server with its H2 backend, jars
 * copied from Maven Central by Maven and our launcher (scripts/embedded-mongo)
 * compiled beside them, into .tools/ once per version of the launcher.
 */
export function ensureEmbeddedMongo() {
  const sources = readdirSync(EMBEDDED, { recursive: true }).filter((f) => f.endsWith('.java') || f === 'pom.xml').sort();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(file).update(readFileSync(join(EMBEDDED, file)));
  const home = join(tools, `embedded-mongo-${hash.digest('hex').slice(0, 12)}`);
  const classpath = `${join(home, 'classes')}:${join(home, 'lib', '*')}`;
  if (existsSync(join(home, 'ready'))) return classpath;
  ensureJava();
  log('fetching mongo-java-server from Maven Central and compiling the launcher (first run only)...');
  rmSync(home, { recursive: true, force: true });
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  const fetched = spawnSync('mvn', ['-q', '-B', '-f', join(EMBEDDED, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(home, 'lib')}`], quiet);
  if (fetched.status !== 0) throw new ServiceError('fetching mongo-java-server with Maven failed (see above)');
  const compiled = spawnSync('javac', ['-nowarn', '-cp', join(home, 'lib', '*'), '-d', join(home, 'classes'), ...sources.filter((f) => f.endsWith('.java')).map((f) => join(EMBEDDED, f))], quiet);
  if (compiled.status !== 0) throw new ServiceError('compiling scripts/embedded-mongo failed (see above)');
  writeFileSync(join(home, 'ready'), '');
  return classpath;
}

/** "mongo-java-server 1.47.0 (H2)": the embedded server's name, from its pom. */
export function embeddedMongoVersion() {
  const pom = readFileSync(join(EMBEDDED, 'pom.xml'), 'utf8');
  return `mongo-java-server ${/<mongo-java-server.version>([^<]+)</.exec(pom)?.[1] ?? '?'} (H2)`;
}

/** The command that runs the embedded server on `port` with its data file in `dir`. */
export function embeddedMongoCommand(port, dir) {
  return ['java', ['-XX:+UseParallelGC', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', ensureEmbeddedMongo(), 'dev.baton.mongo.EmbeddedMongo', '--port', String(port), '--file', join(dir, 'baton.mv.db')]];
}

function aptInstall(packages, what) {
  log(`installing ${what} from Debian packages...`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...packages]);
}

function ensureRedis() {
  const found = onPath('redis-server');
  if (found) return found;
  aptInstall(['redis-server'], 'redis-server');
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
  aptInstall(['chromium', 'fonts-wqy-zenhei'], 'chromium and a Chinese font');
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
    await waitForPort(port, child, 'mongod', join(dataDir, 'mongod.log'));
    return { uri: `mongodb://127.0.0.1:${port}`, child, kind: 'mongod' };
  }
  const dir = join(dataDir, 'mongo');
  const [command, args] = embeddedMongoCommand(port, dir);
  const child = launch(command, args, join(dataDir, 'mongo.log'));
  await waitForPort(port, child, 'the embedded MongoDB', join(dataDir, 'mongo.log'));
  return { uri: `mongodb://127.0.0.1:${port}`, child, kind: embeddedMongoVersion() };
}

async function startRedis(dataDir) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, child: null, kind: 'external' };
  const binary = ensureRedis();
  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = launch(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--protected-mode', 'no'], join(dataDir, 'redis.log'));
  await waitForPort(port, child, 'redis-server', join(dataDir, 'redis.log'));
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

