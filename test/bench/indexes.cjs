// The pages people open most, each over 100,000 documents of its collection
// on the database the engine uses, through the engine's own services (the
// queries, indexes and sorts the product runs). p50/p99 of 200 calls each.
const { TasksService } = require('../../apps/engine/dist/tasks/tasks.service');
const { InstancesService } = require('../../apps/engine/dist/instances/instances.service');
const { AuditService } = require('../../apps/engine/dist/audit/audit.service');
const { RemindersService } = require('../../apps/engine/dist/reminders/reminders.service');
const { CustomersService } = require('../../apps/engine/dist/customers/customers.service');

const DOCS = Number(process.env.BENCH_INDEX_DOCS ?? 100_000);
const PEOPLE = 2_000;
const CALLS = 200;

const person = (i) => `u${i % PEOPLE}`;
const actor = (userId, roles = ['member']) => ({ tenantId: 'bench', userId, name: userId, roles, adminOf: [], kind: 'user', ip: null });
const admin = actor('admin', ['superAdmin']);

async function seed(collection, make) {
  const started = Date.now();
  for (let at = 0; at < DOCS; at += 5_000) {
    await collection.insertMany(Array.from({ length: Math.min(5_000, DOCS - at) }, (_, k) => make(at + k)), { ordered: false });
  }
  return (Date.now() - started) / 1000;
}

async function percentiles(call) {
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    await call(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1));
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** `engine` is benchEngine()'s { app, db }; `sample` a real instance document to copy. */
async function indexFigures({ app, db }, sample) {
  const day = Date.UTC(2026, 0, 1);
  const at = (i) => new Date(day + i * 60_000);
  const seconds = {
    tasks: await seed(db.collection('tasks'), (i) => ({
      _id: `t${i}`, tenantId: 'bench', instanceId: `i${i}`, definitionId: 'bench-leave', node: 'manager', visit: 1, assignee: person(i),
      title: 'Leave of 5 days', status: i % 5 === 0 ? 'pending' : 'approved', rev: 1, decidedBy: null, createdAt: at(i), updatedAt: at(i),
    })),
    instances: await seed(db.collection('instances'), (i) => ({
      ...sample, _id: `i${i}`, serial: `IDX-${i}`, createdBy: person(i), copiedTo: [person(i + 7)], outbox: [], outboxAt: null, createdAt: at(i), updatedAt: at(i),
    })),
    audit: await seed(db.collection('audit'), (i) => ({
      tenantId: 'bench', seq: 1_000_000 + i, id: `a${i}`, sourceId: `s${i}`, actor: person(i), actorKind: 'user', action: ['instance.decide', 'instance.submitted', 'user.login'][i % 3],
      recordType: 'instance', recordId: `i${i}`, from: null, to: null, at: at(i), ip: null, prevHash: '0', hash: '0',
    })),
    sopRuns: await seed(db.collection('sop_runs'), (i) => ({
      tenantId: 'bench', id: `r${i}`, definitionId: 'follow-up', version: 1, trigger: 'customer.added', customerId: `c${i % 20_000}`, itemId: `item${i}`,
      owner: person(i), status: 'running', startedAt: at(i), steps: [],
    })),
    customers: await seed(db.collection('customers'), (i) => ({
      tenantId: 'bench', id: `c${i}`, name: `Customer ${i}`, email: null, phone: null, owner: person(i), source: 'web', region: 'eu', tags: [], attributes: {},
      createdBy: 'admin', createdAt: at(i), updatedAt: at(i),
    })),
    users: await seed(db.collection('users'), (i) => ({
      tenantId: 'bench', id: `user${i}`, email: `user${i}@bench.test`, name: `User ${i}`, phone: null, passwordHash: null, departments: [], managerId: null,
      roles: ['member'], adminOf: [], active: true, deactivatedAt: null, createdAt: at(i), updatedAt: at(i),
    })),
  };
  const tasks = app.get(TasksService);
  const instances = app.get(InstancesService);
  const audit = app.get(AuditService);
  const reminders = app.get(RemindersService);
  const customers = app.get(CustomersService);
  const pick = (i) => person(i * 37);
  return {
    documentsPerCollection: DOCS,
    seedSeconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v)])),
    inbox: await percentiles((i) => tasks.inbox(actor(pick(i)), { status: 'pending', limit: 20, offset: 0 })),
    copiedToMe: await percentiles((i) => instances.list(actor(pick(i)), { copied: true, limit: 20, offset: 0 })),
    myRequests: await percentiles((i) => instances.list(actor(pick(i)), { mine: true, limit: 20, offset: 0 })),
    auditByActor: await percentiles((i) => audit.list(admin, { actor: pick(i), limit: 50, offset: 0 })),
    auditByRecord: await percentiles((i) => audit.list(admin, { recordType: 'instance', recordId: `i${i * 499}`, limit: 50, offset: 0 })),
    sopRunsOfCustomer: await percentiles((i) => reminders.listRuns(admin, { customerId: `c${i * 97}`, limit: 20, offset: 0 })),
    customersByOwner: await percentiles((i) => customers.list(admin, { owner: pick(i), limit: 20, offset: 0 })),
    userById: await percentiles((i) => db.collection('users').findOne({ tenantId: 'bench', id: `user${i * 499}` })),
  };
}

module.exports = { indexFigures };
