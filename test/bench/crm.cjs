// Figures for routing and campaigns (issue 7), merged into bench.cjs's JSON line.
const { spawn } = require('node:child_process');
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const net = require('node:net');
const jsonLogic = require('json-logic-js');
const { MongoClient } = require('mongodb');
const { JwtService } = require('@nestjs/jwt');
const dsl = require('../../packages/dsl/dist');
const { cpuMeter, cpuMsOf } = require('./cpu.cjs');

const RULES = 1000;
const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000);

/** 1,000 rules as analysts write them: source and region, tags, a budget threshold. */
function thousandRules() {
  return Array.from({ length: RULES }, (_, i) => ({
    id: `r${i}`,
    when: i % 3 === 0
      ? { and: [{ '==': [{ var: 'item.source' }, `source-${i % 50}`] }, { in: [{ var: 'item.region' }, [`region-${i % 7}`, `region-${(i + 1) % 7}`]] }] }
      : i % 3 === 1
        ? { in: [`tag-${i % 40}`, { var: 'item.tags' }] }
        : { '>': [{ var: 'item.attributes.budget' }, i * 10] },
    target: { type: 'user', value: `u${i % 20}` },
    strategy: 'round-robin',
  }));
}

function items(n) {
  return Array.from({ length: n }, (_, i) => ({
    item: { source: `source-${i % 60}`, region: `region-${i % 7}`, tags: [`tag-${i % 45}`, 'x'], attributes: { budget: (i * 37) % 12000 } },
    customer: null,
  }));
}

/** Rule evaluation per decision: the compiled router against json-logic-js apply over the same rules, same process. */
function routingFigures(seconds) {
  const rules = thousandRules();
  const def = { id: 'bench-routing', name: 'Bench routing', kind: 'routing', form: { fields: [] },
    nodes: [{ id: 'start', type: 'start' }, { id: 'rules', type: 'route', config: { rules, fallback: { type: 'user', value: 'u0' } } }, { id: 'end', type: 'end' }],
    edges: [{ from: 'start', to: 'rules' }, { from: 'rules', to: 'end' }] };
  const problems = dsl.validate(def);
  if (problems.length > 0) throw new Error(`bench routing definition: ${JSON.stringify(problems.slice(0, 3))}`);
  const router = dsl.compileRouting(def);
  const data = items(997);
  const latencies = [];
  let n = 0;
  let end = Date.now() + seconds * 1000;
  let started = process.hrtime.bigint();
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    const trace = dsl.evaluateRules(router, data[n++ % data.length]);
    if (trace.length !== RULES) throw new Error('bench router skipped rules');
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const ours = (n / Number(process.hrtime.bigint() - started)) * 1e9;
  let m = 0;
  end = Date.now() + seconds * 1000;
  started = process.hrtime.bigint();
  while (Date.now() < end) {
    const d = data[m++ % data.length];
    for (const r of rules) jsonLogic.truthy(jsonLogic.apply(r.when, d));
  }
  const baseline = (m / Number(process.hrtime.bigint() - started)) * 1e9;
  latencies.sort((a, b) => a - b);
  return {
    routingRules: RULES,
    routingDecisionsPerSec: Math.round(ours),
    routingP99Ms: Number(latencies[Math.floor(0.99 * latencies.length)].toFixed(3)),
    routingJsonLogicJsDecisionsPerSec: Math.round(baseline),
    routingSpeedup: Number((ours / baseline).toFixed(2)),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory now (VmRSS) and the peak so far (VmHWM), MB. */
function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { now: mb('VmRSS'), peak: mb('VmHWM') };
}

/** A campaign to RECIPIENTS customers through a real engine process to a local HTTP sink. */
async function campaignFigures({ mongoUri, redisUrl, secret, database, prefix }) {
  const byKey = new Map();
  let deliveries = 0;
  const sink = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      deliveries++;
      const key = String(req.headers['idempotency-key']);
      if (!byKey.has(key)) byKey.set(key, JSON.parse(Buffer.concat(chunks).toString('utf8')).customerId);
      res.writeHead(204).end();
    });
  });
  const sinkPort = await freePort();
  await new Promise((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  const uri = (() => { const u = new URL(mongoUri); u.pathname = `/${database}`; return u.toString(); })();
  const client = await MongoClient.connect(uri);
  const db = client.db();
  const now = new Date();
  await db.collection('users').insertOne({ tenantId: 'bench', id: 'admin', email: 'admin@bench.test', name: 'admin', phone: null, passwordHash: null, departments: [], managerId: null, roles: ['superAdmin'], adminOf: [], active: true, deactivatedAt: null, createdAt: now, updatedAt: now });
  for (let i = 0; i < RECIPIENTS; i += 5000) {
    await db.collection('customers').insertMany(Array.from({ length: Math.min(5000, RECIPIENTS - i) }, (_, j) => ({
      tenantId: 'bench', id: `c${i + j}`, name: `Customer ${i + j}`, email: null, phone: null, owner: null, source: 'bench', region: null,
      tags: ['bench'], attributes: { n: i + j }, repliedAt: null, createdBy: 'bench', createdAt: now, updatedAt: now,
    })));
  }
  const port = await freePort();
  // the engine gets the Node flags this process was started with (npm run bench: the product's);
  // BENCH_ENGINE_NODE_ARGS (e.g. "--inspect=127.0.0.1:9229") lets a profiler attach to the engine while it sends
  const nodeArgs = [...process.execArgv, ...(process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const engine = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', '..', 'apps', 'engine', 'dist', 'main.js'), 'serve'], {
    env: { ...process.env, MONGODB_URI: uri, REDIS_URL: redisUrl, JWT_SECRET: secret, QUEUE_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const token = new JwtService({ secret }).sign({ sub: 'admin', tid: 'bench', name: 'admin' }, { expiresIn: '2h' });
  const call = async (method, path, body, attempt = 1) => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json().catch(() => null);
    // a 503 says "try again in a moment" (a loaded machine: the database did not answer in time)
    if (res.status === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * attempt));
      return call(method, path, body, attempt + 1);
    }
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    for (let i = 0; ; i++) {
      try { await fetch(`${url}/health`); break; } catch { if (i > 300) throw new Error('the engine did not start'); await new Promise((r) => setTimeout(r, 100)); }
    }
    const def = { id: 'bench-campaign', name: 'Bench campaign', kind: 'campaign', form: { fields: [] },
      nodes: [{ id: 'start', type: 'start' },
        { id: 'audience', type: 'campaign.audience', config: { audience: { tags: { any: ['bench'] } } } },
        { id: 'send', type: 'channel.webhook', config: { url: `http://127.0.0.1:${sinkPort}/hook`, ratePerSecond: 10000, variants: [{ name: 'A', weight: 50, body: 'Hi {{customer.name}}' }, { name: 'B', weight: 50, body: 'Hello {{customer.name}} #{{customer.attributes.n}}' }] } },
        { id: 'end', type: 'end' }],
      edges: [{ from: 'start', to: 'audience' }, { from: 'audience', to: 'send' }, { from: 'send', to: 'end' }] };
    await call('PUT', `/api/v1/definitions/${def.id}`, def);
    await call('POST', `/api/v1/definitions/${def.id}/publish`, {});
    // CPU of each process while the campaign sends: this one is the receiving sink
    const meter = cpuMeter({ database: mongoUri, redis: redisUrl });
    const engineCpuBefore = cpuMsOf(engine.pid);
    const rssBefore = rssMb(engine.pid);
    const created = await call('POST', '/api/v1/campaigns', { definitionId: def.id });
    let c;
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      c = await call('GET', `/api/v1/campaigns/${created.id}`);
      if (c.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`campaign not done: ${JSON.stringify(c.progress)}`);
    }
    const seconds = (Date.parse(c.finishedAt) - Date.parse(c.startedAt)) / 1000;
    const cpu = meter.stop();
    const perThousand = (ms) => (ms === null ? null : Math.round((ms / RECIPIENTS) * 1000));
    const perCustomer = new Map();
    for (const customerId of byKey.values()) perCustomer.set(customerId, (perCustomer.get(customerId) ?? 0) + 1);
    let duplicates = 0;
    for (const n of perCustomer.values()) duplicates += n - 1;
    return {
      campaignRecipients: RECIPIENTS,
      campaignSent: c.progress.sent,
      campaignRecipientsPerSec: Math.round(c.progress.sent / seconds),
      campaignSeconds: Number(seconds.toFixed(1)),
      campaignEnginePeakRssMb: rssMb(engine.pid).peak,
      campaignEngineRssBeforeMb: rssBefore,
      campaignCpuMsPer1000Recipients: { engine: perThousand(cpuMsOf(engine.pid) - engineCpuBefore), database: perThousand(cpu.database), redis: perThousand(cpu.redis), sink: perThousand(cpu.engine) },
      campaignSinkMessages: byKey.size,
      campaignSinkDuplicates: duplicates,
      campaignSinkRedeliveries: deliveries - byKey.size,
      campaignSinkMissing: RECIPIENTS - perCustomer.size,
    };
  } finally {
    engine.kill('SIGTERM');
    await new Promise((resolve) => engine.once('exit', resolve));
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  }
}

module.exports = { routingFigures, campaignFigures };
