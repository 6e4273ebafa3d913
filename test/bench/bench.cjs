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

/** One approval node that loops on approve: every decision is a fresh event. */
const looping = {
  id: 'bench-loop', name: 'Bench loop', kind: 'approval', form: { fields: [{ key: 'amount', label: 'Amount', type: 'money', required: true }] },
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'step', type: 'approval', config: { title: 'Amount {{form.amount}}', assignees: [{ type: 'user', value: 'bob' }] } },
    { id: 'big', type: 'branch' },
    { id: 'done', type: 'end' },
  ],
  edges: [
    { from: 'start', to: 'step' },
    { from: 'step', to: 'big', on: 'approved' },
    { from: 'big', to: 'step', condition: { and: [{ '>': [{ var: 'form.amount' }, 100] }, { '<': [{ var: 'form.amount' }, 1e9] }] } },
    { from: 'big', to: 'done' },
  ],
};

function pureTransitions() {
  const machine = dsl.compile(looping);
  const input = { form: { amount: 500 }, initiator: { id: 'alice' }, instance: { id: 'i' } };
  let current = dsl.start(machine, input);
  let visit = 1;
  return rate(() => {
    const next = dsl.step(machine, current.snapshot, { type: 'decide', node: 'step', visit, by: 'bob', outcome: 'approved' });
    if (!next.accepted) throw new Error('bench machine refused an event');
    current = next;
    visit += 1;
    return 1;
  });
}

/** The same loop written directly in XState: no compile, no JSON round trip, no effects. */
function plainXState() {
  const machine = createMachine({
    initial: 'step', context: { n: 0, amount: 500 },
    states: {
      step: { on: { decide: 'big' } },
      big: { always: [{ target: 'step', guard: ({ context }) => context.amount > 100 && context.amount < 1e9 }, { target: 'done' }] },
      done: { type: 'final' },
    },
  });
  let [snapshot] = initialTransition(machine);
  return rate(() => {
    [snapshot] = transition(machine, snapshot, { type: 'decide' });
    return 1;
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
  const config = {
    MONGODB_URI: withDatabase(process.env.MONGODB_URI, `bench_${randomBytes(3).toString('hex')}`),
    REDIS_URL: process.env.REDIS_URL, JWT_SECRET: 'bench-secret-bench-secret-bench-secret', PORT: 0, HOST: '127.0.0.1',
    BATON_ROLE: 'all', QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'error', BODY_LIMIT: '1mb',
    RELAY_SWEEP_MS: 2000, EFFECT_CONCURRENCY: 16,
  };
  const app = await createApp(config);
  await app.init();
  const client = await MongoClient.connect(config.MONGODB_URI, { maxPoolSize: CONCURRENCY + 10 });
  const db = client.db();
  try {
    const admin = { tenantId: 'bench', userId: 'admin', name: 'admin', roles: ['admin'] };
    const definitions = app.get(DefinitionsService);
    await definitions.save(admin, looping.id, looping);
    await definitions.publish(admin, looping.id);
    const instances = app.get(InstancesService);
    const alice = { tenantId: 'bench', userId: 'alice', name: 'alice', roles: ['member'] };
    const started = await Promise.all(Array.from({ length: CONCURRENCY }, () => instances.start(alice, looping.id, { amount: 500 })));
    const visits = started.map(() => 1);
    const bob = { tenantId: 'bench', id: 'bob' };
    const engineRate = await asyncRate(CONCURRENCY, async (i) => {
      await instances.applyEvent(bob, started[i].id, { type: 'decide', node: 'step', visit: visits[i], by: 'bob', outcome: 'approved' });
      visits[i] += 1;
    });

    // the baseline: the same number of documents of the same size, each updated
    // by one conditional findOneAndUpdate, 50 at a time, on the same database
    const sample = await db.collection('instances').findOne({ _id: started[0].id });
    const raw = db.collection('bench_raw');
    const docs = started.map((s, i) => ({ ...sample, _id: `raw-${i}`, rev: 1 }));
    await raw.insertMany(docs);
    const revs = docs.map(() => 1);
    const rawRate = await asyncRate(CONCURRENCY, async (i) => {
      const updated = await raw.findOneAndUpdate(
        { _id: `raw-${i}`, rev: revs[i] },
        { $set: { snapshot: sample.snapshot, updatedAt: new Date(), rev: revs[i] + 1 }, $push: { history: { rev: revs[i] + 1, type: 'decide', actor: 'bob', at: new Date() } } },
      );
      if (!updated) throw new Error('raw baseline lost its own update');
      revs[i] += 1;
    });
    return { engineRate, rawRate, documentBytes: JSON.stringify(sample).length };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await app.close();
  }
}

function withDatabase(uri, database) {
  const u = new URL(uri);
  u.pathname = `/${database}`;
  return u.toString();
}

const round = (n) => Math.round(n);

async function main() {
  const pure = pureTransitions();
  const xstate = plainXState();
  const logic = jsonLogicRates();
  const { engineRate, rawRate, documentBytes } = await engineAndRaw();
  console.log(JSON.stringify({
    pureTransitionsPerSec: round(pure),
    plainXStateTransitionsPerSec: round(xstate),
    pureToPlainXStateRatio: Number((pure / xstate).toFixed(3)),
    jsonLogicCompiledPerSec: round(logic.compiled),
    jsonLogicJsApplyPerSec: round(logic.interpreted),
    jsonLogicSpeedup: Number((logic.compiled / logic.interpreted).toFixed(2)),
    engineEventsPerSec: round(engineRate),
    rawFindOneAndUpdatePerSec: round(rawRate),
    engineToRawRatio: Number((engineRate / rawRate).toFixed(3)),
    concurrentInstances: CONCURRENCY,
    documentBytes,
    secondsPerFigure: SECONDS,
    mongodb: process.env.BENCH_MONGODB_KIND ?? 'unknown',
  }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
