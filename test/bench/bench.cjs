// `npm run bench`: figures side by side with a baseline measured in the same
// process on the same machine, so ratios mean something on a noisy box.
// Prints ONE JSON line. Expects MONGODB_URI and REDIS_URL (scripts/bench.mjs).
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { createMachine, initialTransition, transition } = require('xstate');
const jsonLogic = require('json-logic-js');
const { MongoClient } = require('mongodb');
const dsl = require('../../packages/dsl/dist');
const { createApp } = require('../../apps/engine/dist/app');
const { InstancesService } = require('../../apps/engine/dist/instances/instances.service');
const { DefinitionsService } = require('../../apps/engine/dist/definitions/definitions.service');
const { AuthService } = require('../../apps/engine/dist/auth/auth.service');
const { loadConfig } = require('../../apps/engine/dist/config/config');
const { getQueueToken } = require('@nestjs/bullmq');
const { EFFECTS_QUEUE } = require('../../apps/engine/dist/effects/queues');
const crm = require('./crm.cjs');
const { dashboardFigures } = require('./analytics.cjs');
const { designerFigures } = require('./designer.cjs');
const { indexFigures } = require('./indexes.cjs');
const { commandsPerApproval } = require('./commands.cjs');
const { cpuMeter, cpuProfiler } = require('./cpu.cjs');
const { writeFileSync } = require('node:fs');
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 50;

/** Runs `fn` repeatedly for the given time; returns operations per second. */
function rate(fn, seconds = SECONDS) {
  const end = Date.now() + seconds * 1000;
  let ops = 0;
  const started = process.hrtime.bigint();
  while (Date.now() < end) ops += fn();
  return (ops / Number(process.hrtime.bigint() - started)) * 1e9;
}

/** Runs `concurrency` async loops for the given time; returns operations per second. */
async function asyncRate(concurrency, step, seconds = SECONDS) {
  const end = Date.now() + seconds * 1000;
  let ops = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (Date.now() < end) {
      await step(worker);
      ops += 1;
    }
  }));
  return (ops / Number(process.hrtime.bigint() - started)) * 1e9;
}

/** A two-step approval with a condition branch: the shape of most requests. */
const twoStep = {
  id: 'bench-leave', name: 'Bench leave', kind: 'approval',
  form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }, { key: 'reason', label: 'Reason', type: 'text' }] },
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'manager', type: 'approval', config: { title: 'Leave of {{form.days}} days', assignees: [{ type: 'user', value: 'bob' }] } },
    { id: 'long', type: 'branch' },
    { id: 'hr', type: 'approval', config: { assignees: [{ type: 'user', value: 'carol' }] } },
    { id: 'done', type: 'end' },
  ],
  edges: [
    { from: 'start', to: 'manager' },
    { from: 'manager', to: 'long', on: 'approved' },
    { from: 'long', to: 'hr', condition: { '>': [{ var: 'form.days' }, 3] } },
    { from: 'long', to: 'done' },
    { from: 'hr', to: 'done', on: 'approved' },
  ],
};
const form = { days: 5, reason: 'family' };
const decisions = [['manager', 'bob'], ['hr', 'carol']];

/**
 * An engine on its own database and queue prefix, with the two-step
 * definition published; with the product's defaults unless `env` says
 * otherwise (the commands group turns the driver's command monitoring on).
 */
async function benchEngine(env = {}) {
  const config = {
    ...loadConfig({
      MONGODB_URI: withDatabase(process.env.MONGODB_URI, `bench_${randomBytes(3).toString('hex')}`),
      REDIS_URL: process.env.REDIS_URL, JWT_SECRET: 'bench-secret-bench-secret-bench-secret', ...env,
    }),
    PORT: 0, HOST: '127.0.0.1', QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'error',
  };
  const app = await createApp(config);
  await app.init();
  const client = await MongoClient.connect(config.MONGODB_URI, { maxPoolSize: CONCURRENCY + 10 });
  const db = client.db();
  const { admin, definitions } = benchActors(app);
  await definitions.save(admin, twoStep.id, twoStep);
  await definitions.publish(admin, twoStep.id);
  return {
    app, db,
    async close() {
      // the engine first, so no worker writes into the database being dropped
      await app.close();
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

function benchActors(app) {
  return {
    admin: { tenantId: 'bench', userId: 'admin', name: 'admin', roles: ['admin'] },
    definitions: app.get(DefinitionsService),
    instances: app.get(InstancesService),
    alice: { tenantId: 'bench', userId: 'alice', name: 'alice', roles: ['member'] },
  };
}

/** Whole lifecycles (submit, two decisions) through compile()'d machine with JSON snapshots in between. */
function pureTransitions() {
  const machine = dsl.compile(twoStep);
  const input = { form, initiator: { id: 'alice' }, instance: { id: 'i' } };
  return rate(() => {
    let current = dsl.start(machine, input);
    for (const [node, by] of decisions) {
      const next = dsl.step(machine, current.snapshot, { type: 'decide', node, visit: 1, by, outcome: 'approved' });
      if (!next.accepted) throw new Error('bench machine refused an event');
      current = next;
    }
    if (current.status !== 'completed') throw new Error('bench lifecycle did not complete');
    return 3;
  });
}

/** The same lifecycle written directly in XState: no compile, no JSON round trip, no effects. */
function plainXState() {
  const machine = createMachine({
    initial: 'start', context: { days: 5 },
    states: {
      start: { always: 'manager' },
      manager: { on: { decide: 'long' } },
      long: { always: [{ target: 'hr', guard: ({ context }) => context.days > 3 }, { target: 'done' }] },
      hr: { on: { decide: 'done' } },
      done: { type: 'final' },
    },
  });
  return rate(() => {
    let [snapshot] = initialTransition(machine);
    [snapshot] = transition(machine, snapshot, { type: 'decide' });
    [snapshot] = transition(machine, snapshot, { type: 'decide' });
    if (snapshot.status !== 'done') throw new Error('plain lifecycle did not complete');
    return 3;
  });
}

function jsonLogicRates() {
  const rule = { and: [{ '>': [{ var: 'form.amount' }, 100] }, { in: [{ var: 'initiator.department' }, ['sales', 'ops']] }, { '<=': [{ var: 'form.days' }, 10] }] };
  const data = { form: { amount: 500, days: 3 }, vars: {}, initiator: { department: 'sales' }, instance: {} };
  const compiled = dsl.compileRule(rule);
  return {
    compiled: rate(() => (compiled(data) ? 1 : 1), SECONDS / 2),
    interpreted: rate(() => (jsonLogic.apply(rule, data) ? 1 : 1), SECONDS / 2),
  };
}

async function engineAndRaw() {
  const { app, db, close } = await benchEngine();
  try {
    const { admin, definitions, instances, alice } = benchActors(app);
    // The baseline first, while no worker competes for the database: documents
    // of the same size as a real instance taken through its first decision,
    // each updated by one findOneAndUpdate guarded by {_id, rev}, 50 at a
    // time: the one write the engine makes per event, without the engine.
    const model = await instances.start(alice, twoStep.id, form);
    await instances.applyEvent({ tenantId: 'bench', id: 'bob' }, model.id, { type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'approved' });
    // as the instance rests between events: its outbox handed over and cleared
    let sample = await db.collection('instances').findOne({ _id: model.id });
    for (let i = 0; sample.outboxAt !== null && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sample = await db.collection('instances').findOne({ _id: model.id });
    }
    const raw = db.collection('bench_raw');
    const docs = Array.from({ length: CONCURRENCY }, (_, i) => ({ ...sample, _id: `raw-${i}`, rev: 1 }));
    await raw.insertMany(docs);
    const revs = docs.map(() => 1);
    const rawWrite = async (i) => {
      const updated = await raw.findOneAndUpdate(
        { _id: `raw-${i}`, rev: revs[i] },
        { $set: { snapshot: sample.snapshot, updatedAt: new Date(), rev: revs[i] + 1 }, $push: { history: { rev: revs[i] + 1, type: 'decide', actor: 'bob', at: new Date() } } },
      );
      if (!updated || updated.rev !== revs[i]) throw new Error('raw baseline lost its own update');
      revs[i] += 1;
    };
    // a fresh server's JIT is cold: warm it on the same writes, then measure
    await asyncRate(CONCURRENCY, rawWrite, SECONDS / 2);
    let rawWrites = 0;
    const meter = cpuMeter({ database: process.env.MONGODB_URI });
    const rawRate = await asyncRate(CONCURRENCY, async (i) => {
      await rawWrite(i);
      rawWrites += 1;
    });
    const rawCpu = meter.stop();
    const rawCpuMsPerWrite = { client: Number((rawCpu.engine / rawWrites).toFixed(2)), database: rawCpu.database === null ? null : Number((rawCpu.database / rawWrites).toFixed(2)) };
    // each of 50 loops submits a request and takes it through both decisions, again and again
    const current = new Array(CONCURRENCY).fill(null).map(() => ({ id: null, step: 0 }));
    const engineRate = await asyncRate(CONCURRENCY, async (i) => {
      const c = current[i];
      if (c.step === 0) {
        c.id = (await instances.start(alice, twoStep.id, form)).id;
      } else {
        const [node, by] = decisions[c.step - 1];
        await instances.applyEvent({ tenantId: 'bench', id: by }, c.id, { type: 'decide', node, visit: 1, by, outcome: 'approved' });
      }
      c.step = (c.step + 1) % 3;
    });
    const http = await approvalsOverHttp(app, db, definitions, instances, admin);
    return { engineRate, rawRate, rawCpuMsPerWrite, documentBytes: JSON.stringify(sample).length, http };
  } finally {
    await close();
  }
}

/**
 * 50 approvers, each with a few pending tasks, approve them through the REST
 * API at the same time: actions per second and latency percentiles.
 */
async function approvalsOverHttp(app, db, definitions, instances, admin) {
  // 1,000 approvals by default, several seconds of steady state (200 were over in about 1.5 s, and their p99 was the second worst)
  const PER_APPROVER = Number(process.env.BENCH_APPROVALS_PER_APPROVER ?? 20);
  // one more approver, alone: what one approval costs when nothing waits in front of it
  const SOLO = 100;
  const people = Array.from({ length: CONCURRENCY }, (_, i) => `approver${i}`);
  const now = new Date();
  await db.collection('users').insertMany([...people, 'solo', 'initiator'].map((id) => ({
    tenantId: 'bench', id, email: `${id}@bench.test`, name: id, phone: null, passwordHash: null, departments: [], managerId: null,
    roles: ['member'], adminOf: [], active: true, deactivatedAt: null, createdAt: now, updatedAt: now,
  })));
  const oneStep = {
    id: 'bench-approve', name: 'Bench approve', kind: 'approval',
    form: { fields: [{ key: 'approver', label: 'Approver', type: 'people', required: true }] },
    nodes: [{ id: 'start', type: 'start' }, { id: 'ask', type: 'approval', config: { assignees: [{ type: 'field', value: 'approver' }] } }, { id: 'done', type: 'end' }],
    edges: [{ from: 'start', to: 'ask' }, { from: 'ask', to: 'done', on: 'approved' }],
  };
  await definitions.save(admin, oneStep.id, oneStep);
  await definitions.publish(admin, oneStep.id);
  const initiator = { tenantId: 'bench', userId: 'initiator', name: 'initiator', roles: ['member'], adminOf: [], kind: 'user', ip: null };
  for (let round = 0; round < PER_APPROVER; round++) {
    await Promise.all(people.map((approver) => instances.start(initiator, oneStep.id, { approver })));
  }
  for (let i = 0; i < SOLO; i++) await instances.start(initiator, oneStep.id, { approver: 'solo' });
  const total = people.length * PER_APPROVER + SOLO;
  const deadline = Date.now() + 120_000;
  while ((await db.collection('tasks').countDocuments({ definitionId: oneStep.id, status: 'pending' })) < total) {
    if (Date.now() > deadline) throw new Error('tasks for the HTTP benchmark did not appear in time');
    await new Promise((r) => setTimeout(r, 200));
  }
  // what the earlier phases caused is done before each measurement: the approvals are measured alone
  const effects = app.get(getQueueToken(EFFECTS_QUEUE));
  const quiet = async () => {
    for (;;) {
      const counts = await effects.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const handing = await db.collection('instances').countDocuments({ outboxAt: { $ne: null } });
      if (handing === 0 && Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() > deadline + 120_000) throw new Error(`effects still running before the HTTP benchmark: ${JSON.stringify(counts)}, ${handing} handing over`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const auth = app.get(AuthService);
  // the clients run in a process of their own (approvers.cjs), as real clients do
  const clients = async (approvers) => {
    const input = { url, approvers: await Promise.all(approvers.map(async (approver) => ({
      token: auth.accessTokenFor({ id: approver, tenantId: 'bench', name: approver }, 3600),
      tasks: (await db.collection('tasks').find({ assignee: approver, status: 'pending' }).toArray()).map((t) => t._id),
    }))) };
    const child = spawn(process.execPath, [join(__dirname, 'approvers.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stdin.end(JSON.stringify(input));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the approvers' process exited with ${code}`);
    return JSON.parse(Buffer.concat(out).toString('utf8'));
  };
  const at = (xs, q) => Number([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(1));
  await quiet();
  const alone = await clients(['solo']);
  await quiet();
  // CPU of every process an approval runs on, until everything it caused is done
  const meter = cpuMeter({ database: process.env.MONGODB_URI, redis: process.env.REDIS_URL });
  // BENCH_PROFILE_HTTP=<file> writes a CPU profile of the engine during the approvals (open it in Chrome's DevTools)
  const profiler = process.env.BENCH_PROFILE_HTTP ? await cpuProfiler() : null;
  // how long the engine's event loop was held between turns while the approvals ran (a request waits behind that)
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const many = await clients(people);
  loop.disable();
  // the effects of the last approvals finish (counted: they are part of what an approval costs)
  await quiet();
  const cpu = meter.stop();
  if (profiler) writeFileSync(process.env.BENCH_PROFILE_HTTP, JSON.stringify(await profiler.stop()));
  const n = many.latencies.length;
  const perApproval = (ms) => (ms === null ? null : Number((ms / n).toFixed(2)));
  return {
    approvePerSec: Number((n / many.seconds).toFixed(1)), approvals: n, p50Ms: at(many.latencies, 0.5), p99Ms: at(many.latencies, 0.99),
    aloneP50Ms: at(alone.latencies, 0.5), aloneP99Ms: at(alone.latencies, 0.99),
    eventLoopDelayMs: { p50: Number((loop.percentile(50) / 1e6).toFixed(1)), p99: Number((loop.percentile(99) / 1e6).toFixed(1)), max: Number((loop.max / 1e6).toFixed(1)) },
    cpuMsPerApproval: { engine: perApproval(cpu.engine), database: perApproval(cpu.database), redis: perApproval(cpu.redis), clients: perApproval(many.cpuMs) },
  };
}

/**
 * Cost growth: engine events per second with 1,000 live instances (and their
 * tasks) in the database, then with 100,000; the ratio says how much a full
 * database slows each event down (1.0: not at all).
 */
async function costGrowth() {
  const SMALL = 1_000;
  const LARGE = Number(process.env.BENCH_LIVE_INSTANCES ?? 100_000);
  const { app, db, close } = await benchEngine();
  try {
    const { instances, alice } = benchActors(app);
    const model = await instances.start(alice, twoStep.id, form);
    // as the instance rests between events: its outbox handed over and cleared
    let sample = await db.collection('instances').findOne({ _id: model.id });
    for (let i = 0; sample.outboxAt !== null && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sample = await db.collection('instances').findOne({ _id: model.id });
    }
    let live = 0;
    const seedTo = async (count) => {
      const started = Date.now();
      while (live < count) {
        const n = Math.min(5_000, count - live);
        const ids = Array.from({ length: n }, (_, i) => `live-${live + i}`);
        await db.collection('instances').insertMany(ids.map((id) => ({ ...sample, _id: id, serial: `LIVE-${id}`, outbox: [], outboxAt: null, createdAt: new Date() })), { ordered: false });
        await db.collection('tasks').insertMany(ids.map((id) => ({
          _id: `${id}.manager.1.bob`, tenantId: 'bench', instanceId: id, definitionId: twoStep.id, node: 'manager', visit: 1, assignee: 'bob',
          title: 'Leave of 5 days', status: 'pending', rev: 1, decidedBy: null, createdAt: new Date(), updatedAt: new Date(),
        })), { ordered: false });
        live += n;
      }
      return (Date.now() - started) / 1000;
    };
    const current = new Array(CONCURRENCY).fill(null).map(() => ({ id: null, step: 0 }));
    const eventsPerSec = () => asyncRate(CONCURRENCY, async (i) => {
      const c = current[i];
      if (c.step === 0) c.id = (await instances.start(alice, twoStep.id, form)).id;
      else {
        const [node, by] = decisions[c.step - 1];
        await instances.applyEvent({ tenantId: 'bench', id: by }, c.id, { type: 'decide', node, visit: 1, by, outcome: 'approved' });
      }
      c.step = (c.step + 1) % 3;
    }, Math.max(SECONDS, 5));
    await seedTo(SMALL);
    // a warm-up first: the first seconds of a fresh engine (compiling, pools filling) are not what 1,000 live instances cost
    await eventsPerSec();
    const small = await eventsPerSec();
    const seedSeconds = await seedTo(LARGE);
    // the same warm-up after the seeding (its garbage and its store writes are the seeding's cost, not an event's)
    await eventsPerSec();
    const large = await eventsPerSec();
    // the database server's JIT warms up through the seeding too: back to 1,000 live instances and measured again,
    // warm like the large measurement, which the ratio compares with
    await db.collection('tasks').deleteMany({ instanceId: { $regex: '^live-\\d{4,}$' } });
    await db.collection('instances').deleteMany({ _id: { $regex: '^live-\\d{4,}$' } });
    // and after the deletes
    await eventsPerSec();
    const smallAgain = await eventsPerSec();
    return { small, smallAgain, large, smallCount: SMALL, largeCount: LARGE, seedSeconds };
  } finally {
    await close();
  }
}

function withDatabase(uri, database) {
  const u = new URL(uri);
  u.pathname = `/${database}`;
  return u.toString();
}

const round = (n) => Math.round(n);

/** BENCH_ONLY=growth,crm runs only those groups (core, engine, commands, growth, indexes, crm, dashboards, designer); all by default. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((g) => g.trim()).filter(Boolean));
const wanted = (group) => ONLY.size === 0 || ONLY.has(group);

async function main() {
  const figures = {};
  if (wanted('core')) {
    const pure = pureTransitions();
    const xstate = plainXState();
    const logic = jsonLogicRates();
    Object.assign(figures, {
      pureTransitionsPerSec: round(pure),
      plainXStateTransitionsPerSec: round(xstate),
      pureToPlainXStateRatio: Number((pure / xstate).toFixed(3)),
      jsonLogicCompiledPerSec: round(logic.compiled),
      jsonLogicJsApplyPerSec: round(logic.interpreted),
      jsonLogicSpeedup: Number((logic.compiled / logic.interpreted).toFixed(2)),
    });
  }
  if (wanted('engine')) {
    const { engineRate, rawRate, rawCpuMsPerWrite, documentBytes, http } = await engineAndRaw();
    Object.assign(figures, {
      engineEventsPerSec: round(engineRate),
      rawGuardedWritesPerSec: round(rawRate),
      rawCpuMsPerWrite,
      rawGuardedWriteIs: 'findOneAndUpdate({ _id, rev }) of an instance-sized document, 50 clients',
      engineToRawRatio: Number((engineRate / rawRate).toFixed(3)),
      concurrentInstances: CONCURRENCY,
      httpApprovePerSec: http.approvePerSec,
      httpApproveP50Ms: http.p50Ms,
      httpApproveP99Ms: http.p99Ms,
      httpApprovals: http.approvals,
      httpApproveAloneP50Ms: http.aloneP50Ms,
      httpApproveAloneP99Ms: http.aloneP99Ms,
      httpCpuMsPerApproval: http.cpuMsPerApproval,
      httpEventLoopDelayMs: http.eventLoopDelayMs,
      httpConcurrentApprovers: CONCURRENCY,
      engineEventsAre: 'submit + two decisions per request, 50 requests in flight, workers running',
      documentBytes,
    });
  }
  if (wanted('growth')) {
    const growth = await costGrowth();
    Object.assign(figures, {
      eventsPerSecWith1kLive: round(growth.small),
      eventsPerSecWithManyLive: round(growth.large),
      eventsPerSecWith1kLiveAgain: round(growth.smallAgain),
      liveInstancesLarge: growth.largeCount,
      costGrowthRatio: Number((growth.large / growth.smallAgain).toFixed(3)),
      costGrowthRatioIs: 'events/s with 100,000 live ÷ with 1,000 live measured after (both on a warm server)',
      seedSecondsForLarge: Math.round(growth.seedSeconds),
    });
  }
  if (wanted('crm')) {
    Object.assign(figures, crm.routingFigures(SECONDS), await crm.campaignFigures({
      mongoUri: process.env.MONGODB_URI, redisUrl: process.env.REDIS_URL, secret: `bench-${randomBytes(24).toString('hex')}`,
      database: `bench_campaign_${randomBytes(4).toString('hex')}`, prefix: `bqc${randomBytes(4).toString('hex')}`,
    }));
  }
  if (wanted('commands')) {
    // counted with the driver's command monitoring, which the engine turns on when asked (METRICS_DB_COMMANDS)
    const engine = await benchEngine({ METRICS_DB_COMMANDS: 'true' });
    try {
      Object.assign(figures, await commandsPerApproval(engine, benchActors(engine.app), twoStep.id, form));
    } finally {
      await engine.close();
    }
  }
  if (wanted('indexes')) {
    const engine = await benchEngine();
    try {
      const { instances, alice } = benchActors(engine.app);
      const model = await instances.start(alice, twoStep.id, form);
      figures.pages = await indexFigures(engine, await engine.db.collection('instances').findOne({ _id: model.id }));
    } finally {
      await engine.close();
    }
  }
  if (wanted('dashboards')) figures.dashboards = await dashboardFigures(withDatabase);
  if (wanted('designer')) Object.assign(figures, await designerFigures());
  const client = await MongoClient.connect(process.env.MONGODB_URI);
  const { version } = await client.db().admin().command({ buildInfo: 1 });
  await client.close();
  console.log(JSON.stringify({ ...figures, secondsPerFigure: SECONDS, mongodb: process.env.BENCH_MONGODB_KIND ?? 'unknown', mongodbVersion: version }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
