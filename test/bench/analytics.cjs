// Dashboard query time over N instances, beside two baselines on the same
// facts in the same process: a plain countDocuments, and loading the
// decisions into memory. The facts are seeded with insertMany and counted
// through the engine's own counting path (FactCounters.countAll: the same
// updates as a recorded event, in bulk), so the dashboards read the counters
// as they do in production; every figure says where it came from. Each
// figure is also measured straight from the facts (`fromFacts`: the same
// question with a period off UTC midnight, which the counters cannot answer),
// the cost of answering without counters.
// N is BENCH_DASHBOARD_INSTANCES, 10,000 by default (the issue asks 100,000).
// The baselines grow with the facts stored; the counters grow with the days
// and the combinations of definition, node, person and department instead.
// Overdue tasks read the tasks collection through its index of pending tasks.
const { randomBytes } = require('node:crypto');
const { MongoClient } = require('mongodb');
const { getConnectionToken } = require('@nestjs/mongoose');
const { createApp } = require('../../apps/engine/dist/app');
const { loadConfig } = require('../../apps/engine/dist/config/config');
const { isDuplicateKey, isTransientDatabaseError } = require('../../apps/engine/dist/database/errors');
const { AnalyticsService } = require('../../apps/engine/dist/analytics/analytics.service');
const { FactCounters } = require('../../apps/engine/dist/analytics/fact.counters');
const { bottlenecks } = require('../../apps/engine/dist/analytics/metrics/bottlenecks.metric');
const { bucketOf, periodsOf } = require('../../apps/engine/dist/analytics/histogram');
const { requestsOverTime } = require('../../apps/engine/dist/analytics/metrics/requests.metric');
const { cycleTime } = require('../../apps/engine/dist/analytics/metrics/cycle-time.metric');
const { responseTimes } = require('../../apps/engine/dist/analytics/metrics/response-times.metric');
const { overdueTasks } = require('../../apps/engine/dist/analytics/metrics/overdue.metric');

const INSTANCES = Number(process.env.BENCH_DASHBOARD_INSTANCES ?? 10_000);
const RUNS = 3;
const TENANT = 'bench';
const DEFINITIONS = ['leave', 'expense', 'purchase', 'contract', 'travel'];
const PEOPLE = Array.from({ length: 200 }, (_, i) => `p${i}`);
const DEPARTMENTS = [['company', 'ops', 'sales'], ['company', 'ops', 'support'], ['company', 'hr'], ['company', 'finance']];
const HOUR = 3_600_000;

/** Facts of one instance: submitted, one or two decisions, and (nine in ten) its end; its decided tasks, and one in ten still waits on a pending task. */
function factsOf(i, start) {
  const definitionId = DEFINITIONS[i % DEFINITIONS.length];
  const submitted = new Date(start + (i % 90) * 24 * HOUR + (i % 600) * 60_000);
  const initiator = PEOPLE[i % PEOPLE.length];
  const initiatorDepartments = DEPARTMENTS[i % DEPARTMENTS.length];
  const fact = (kind, subject, at, more) => ({
    _id: `${kind}:${subject}`, tenantId: TENANT, kind, definitionId, instanceId: `i${i}`, at, ...periodsOf(at), initiator,
    initiatorDepartments, departments: initiatorDepartments, status: null, node: null, assignee: null, ms: null, bucket: null, counted: false, ...more,
  });
  const out = [fact('submitted', `i${i}`, submitted, {})];
  const tasks = [];
  const taskOf = (node, assignee, opened, status, decided) => ({
    _id: `i${i}.${node}.1.${assignee}`, tenantId: TENANT, instanceId: `i${i}`, definitionId, node, visit: 1, assignee,
    title: '', status, rev: 3, decidedBy: status === 'pending' ? null : assignee, createdAt: new Date(opened), updatedAt: new Date(decided),
  });
  let t = submitted.getTime();
  const nodes = i % 2 ? ['manager', 'finance'] : ['manager'];
  for (const node of nodes) {
    const ms = 60_000 + ((i * 7919) % 200) * 7 * 60_000;
    const assignee = PEOPLE[(i * 31 + node.length) % PEOPLE.length];
    tasks.push(taskOf(node, assignee, t, 'approved', t + ms));
    t += ms;
    out.push(fact('decision', `i${i}.${node}.1.${assignee}`, new Date(t), {
      status: 'approved', node, assignee, ms, bucket: bucketOf(ms), departments: DEPARTMENTS[(i + 1) % DEPARTMENTS.length],
    }));
  }
  const pending = i % 10 === 0;
  if (!pending) out.push(fact('ended', `i${i}`, new Date(t), { status: i % 7 ? 'completed' : 'rejected', ms: t - submitted.getTime(), bucket: bucketOf(t - submitted.getTime()) }));
  if (pending) tasks.push(taskOf('review', PEOPLE[(i * 13) % PEOPLE.length], t, 'pending', t));
  return { facts: out, tasks };
}

/** insertMany that rides out a transient error on a busy machine; documents already in are fine. */
async function insertAll(collection, docs) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await collection.insertMany(docs, { ordered: false });
    } catch (error) {
      const duplicatesOnly = isDuplicateKey(error) || ((error.writeErrors ?? []).length > 0 && error.writeErrors.every((e) => e.code === 11000));
      if (duplicatesOnly) return undefined;
      if (!isTransientDatabaseError(error) || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function p50(fn, runs = RUNS) {
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
}

async function dashboardFigures(withDatabase) {
  const config = {
    ...loadConfig({
      MONGODB_URI: withDatabase(process.env.MONGODB_URI, `bench_dash_${randomBytes(3).toString('hex')}`),
      REDIS_URL: process.env.REDIS_URL, JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    }),
    PORT: 0, HOST: '127.0.0.1', QUEUE_PREFIX: `benchdash${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'error', BATON_ROLE: 'api',
  };
  const app = await createApp(config);
  await app.init();
  // the schemas' indexes are built in the background at start: let them finish before the bulk inserts
  await Promise.all(Object.values(app.get(getConnectionToken()).models).map((model) => model.init()));
  const client = await MongoClient.connect(config.MONGODB_URI);
  const db = client.db();
  try {
    const start = Date.now() - 91 * 24 * HOUR;
    const now = new Date();
    await db.collection('departments').insertMany([...new Set(DEPARTMENTS.flat())].map((id) => {
      const path = DEPARTMENTS.find((d) => d.includes(id));
      const ancestors = path.slice(0, path.indexOf(id));
      return { tenantId: TENANT, id, name: id, parentId: ancestors[ancestors.length - 1] ?? null, ancestors, level: ancestors.length + 1, headId: null, createdAt: now, updatedAt: now };
    }));
    // every fact is counted as it is recorded
    const counters = app.get(FactCounters);
    let facts = 0;
    let insertNs = 0n;
    let countNs = 0n;
    for (let from = 0; from < INSTANCES; from += 2000) {
      const batch = Array.from({ length: Math.min(2000, INSTANCES - from) }, (_, k) => factsOf(from + k, start));
      const docs = batch.flatMap((b) => b.facts);
      facts += docs.length;
      const t0 = process.hrtime.bigint();
      await insertAll(db.collection('analytics_facts'), docs);
      const tasks = batch.flatMap((b) => b.tasks);
      await insertAll(db.collection('tasks'), tasks);
      const t1 = process.hrtime.bigint();
      // what the effects worker does after each fact it writes, in bulk
      await counters.countAll(docs);
      countNs += process.hrtime.bigint() - t1;
      insertNs += t1 - t0;
    }
    const counterDocuments = await db.collection('analytics_counters').countDocuments({ tenantId: TENANT });
    const analytics = app.get(AnalyticsService);
    const admin = { tenantId: TENANT, userId: 'admin', name: 'admin', roles: ['superAdmin'], adminOf: [], kind: 'user', ip: null };
    const sources = {};
    const run = (name, metric, options, filter = {}) => async () => {
      sources[name] = (await analytics.run(admin, metric, filter, options)).computedFrom;
    };
    // the same question, from the facts: a period that starts a millisecond after a UTC midnight
    const offMidnight = (filter) => ({ ...filter, from: `${filter.from ?? new Date(start - 24 * HOUR).toISOString().slice(0, 10)}T00:00:00.001Z` });
    const decisions = { tenantId: TENANT, kind: 'decision' };
    const last30Days = new Date(Date.now() - 30 * 24 * HOUR).toISOString().slice(0, 10);
    const figures = {
      countDocumentsMs: await p50(() => db.collection('analytics_facts').countDocuments(decisions)),
      loadAllDecisionsMs: await p50(async () => {
        // one by one: the whole answer in one array overflows the driver's stack at 100,000 instances
        const all = [];
        for await (const fact of db.collection('analytics_facts').find(decisions)) all.push(fact);
      }, 1),
      requestsByDayMs: await p50(run('requestsByDay', requestsOverTime, { interval: 'day' })),
      requestsByWeekOneDepartmentMs: await p50(run('requestsByWeekOneDepartment', requestsOverTime, { interval: 'week' }, { department: 'sales' })),
      cycleTimeByDefinitionMs: await p50(run('cycleTimeByDefinition', cycleTime, { by: 'definition' })),
      cycleTimeByNodeMs: await p50(run('cycleTimeByNode', cycleTime, { by: 'node' })),
      responseTimesMs: await p50(run('responseTimes', responseTimes, {})),
      bottlenecksMs: await p50(run('bottlenecks', bottlenecks, { limit: 5 })),
      responseTimesOneDepartmentLast30DaysMs: await p50(run('responseTimesOneDepartmentLast30Days', responseTimes, {}, { department: 'ops', from: last30Days })),
      // current state, not history: the pending tasks
      overdueMs: await p50(run('overdue', overdueTasks, { olderThanHours: 24, limit: 100, now: new Date() })),
    };
    const questions = {
      requestsByDay: [requestsOverTime, { interval: 'day' }],
      requestsByWeekOneDepartment: [requestsOverTime, { interval: 'week' }, { department: 'sales' }],
      cycleTimeByDefinition: [cycleTime, { by: 'definition' }],
      cycleTimeByNode: [cycleTime, { by: 'node' }],
      responseTimes: [responseTimes, {}],
      bottlenecks: [bottlenecks, { limit: 5 }],
      responseTimesOneDepartmentLast30Days: [responseTimes, {}, { department: 'ops', from: last30Days }],
    };
    const fromFacts = {};
    for (const [name, [metric, options, filter]] of Object.entries(questions)) {
      fromFacts[`${name}Ms`] = await p50(run(`${name}FromFacts`, metric, options, offMidnight(filter ?? {})), 1);
    }
    const ratios = Object.fromEntries(Object.entries(figures).filter(([name]) => !name.startsWith('countDocuments'))
      .map(([name, ms]) => [name.replace(/Ms$/, 'ToCountDocuments'), Number((ms / figures.countDocumentsMs).toFixed(4))]));
    return {
      instances: INSTANCES, facts, runs: RUNS, insertFactsSeconds: Number((Number(insertNs) / 1e9).toFixed(1)),
      countFactsSeconds: Number((Number(countNs) / 1e9).toFixed(1)), countedFactsPerSecond: Math.round(facts / (Number(countNs) / 1e9)), counterDocuments,
      ...figures, ratios, fromFacts, computedFrom: sources,
    };
  } finally {
    await app.close();
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

module.exports = { dashboardFigures };
