// Database commands per approval that opens the next node, counted with the
// driver's command monitoring over everything the engine process does for it:
// the HTTP request, the relay's hand-over and every effect the workers perform.
const { getConnectionToken } = require('@nestjs/mongoose');
const IORedis = require('ioredis');
const { AuthService } = require('../../apps/engine/dist/auth/auth.service');

const REQUESTS = Number(process.env.BENCH_COMMAND_REQUESTS ?? 20);
// the same approvals as the HTTP bench makes them: this many approvers at once
const CONCURRENT = Number(process.env.BENCH_COMMAND_CONCURRENCY ?? 50);

/** Waits until `done()` holds, polling on the bench's own client (not counted). */
async function until(what, done, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Database commands per approval that opens the next node, twice: one
 * approver at a time (nothing to share a write with), then CONCURRENT at
 * once as in the HTTP bench (writes that batch across events, such as
 * dashboard counting, audit appends and outbox clears, are shared).
 */
async function commandsPerApproval(engine, actors, definitionId, form) {
  const now = new Date();
  await engine.db.collection('users').insertMany(['alice', 'bob', 'carol'].map((id) => ({
    tenantId: 'bench', id, email: `${id}@bench.test`, name: id, phone: null, passwordHash: null, departments: [], managerId: null,
    roles: ['member'], adminOf: [], active: true, deactivatedAt: null, createdAt: now, updatedAt: now,
  })));
  await engine.app.listen(0, '127.0.0.1');
  const one = await countApprovals(engine, actors, definitionId, form, REQUESTS, 1);
  const many = await countApprovals(engine, actors, definitionId, form, CONCURRENT * 4, CONCURRENT);
  return {
    databaseCommandsPerApproval: one.perApproval, databaseCommandsPerApprovalByName: one.byName, approvalsCounted: one.counted,
    databaseMsPerApprovalByCommand: one.msByCommand,
    [`databaseCommandsPerApprovalAt${CONCURRENT}`]: many.perApproval, [`databaseCommandsPerApprovalAt${CONCURRENT}ByName`]: many.byName,
    redisCommandsPerApproval: one.redisPerApproval, redisCommandsPerApprovalByName: one.redisByName,
    [`redisCommandsPerApprovalAt${CONCURRENT}`]: many.redisPerApproval, [`redisCommandsPerApprovalAt${CONCURRENT}ByName`]: many.redisByName,
  };
}

/**
 * `requests` two-step requests wait at their first node; each first approval
 * (which closes one task, opens the next node's and tells two people) goes
 * through POST /tasks/:id/approve, `concurrency` at a time. Returns the
 * commands the engine sent per approval, by command name, once everything
 * it caused is done.
 */
async function countApprovals({ app, db }, { instances, alice }, definitionId, form, requests, concurrency) {
  const ids = [];
  for (let i = 0; i < requests; i++) ids.push((await instances.start(alice, definitionId, form)).id);
  const settled = (node) => async () =>
    (await db.collection('tasks').countDocuments({ instanceId: { $in: ids }, node, status: 'pending' })) === ids.length
    && (await db.collection('instances').countDocuments({ _id: { $in: ids }, outboxAt: { $ne: null } })) === 0
    && (await db.collection('audit').countDocuments({ recordId: { $in: ids } })) >= ids.length;
  await until('the first tasks', settled('manager'));
  const url = await app.getUrl();
  const token = app.get(AuthService).accessTokenFor({ id: 'bob', tenantId: 'bench', name: 'bob' }, 3600);
  const counts = {};
  // BENCH_COMMANDS_BY=collection names the collection too
  const byCollection = process.env.BENCH_COMMANDS_BY === 'collection';
  // the time each command took from the engine's side, by command and collection: with one approver
  // at a time it is mostly the server's work, and says which commands the database spends its CPU on
  const times = {};
  const started = new Map();
  const count = (event) => {
    const key = byCollection ? `${event.commandName} ${event.command[event.commandName]}` : event.commandName;
    counts[key] = (counts[key] ?? 0) + 1;
    started.set(event.requestId, `${event.commandName} ${event.command[event.commandName]}`);
  };
  const timed = (event) => {
    const key = started.get(event.requestId);
    if (key === undefined) return;
    started.delete(event.requestId);
    times[key] = (times[key] ?? 0) + event.duration;
  };
  const client = app.get(getConnectionToken()).getClient();
  if (!client.options.monitorCommands) throw new Error('the engine does not monitor its commands: start it with METRICS_DB_COMMANDS=true');
  const audited = await db.collection('audit').countDocuments({ recordId: { $in: ids } });
  client.on('commandStarted', count);
  client.on('commandSucceeded', timed);
  client.on('commandFailed', timed);
  // Redis commands the engine sends (queues, locks, rate limits, progress), without the
  // workers' blocking waits for the next job, which they make whether or not there is work
  const redis = {};
  const sendCommand = IORedis.prototype.sendCommand;
  IORedis.prototype.sendCommand = function counted(command, stream) {
    const name = String(command?.name ?? '').toLowerCase();
    if (!/^(bzpopmin|brpoplpush|blmove|bzpopmax|brpop|blpop|xread|xreadgroup)$/.test(name)) redis[name] = (redis[name] ?? 0) + 1;
    return sendCommand.call(this, command, stream);
  };
  try {
    const queue = [...ids];
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const task = `${id}.manager.1.bob`;
        const res = await fetch(`${url}/api/v1/tasks/${encodeURIComponent(task)}/approve`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
        if (res.status !== 200) throw new Error(`approve answered ${res.status}: ${await res.text()}`);
      }
    }));
    await until('the second tasks and every effect', async () => (await settled('hr')())
      && (await db.collection('audit').countDocuments({ recordId: { $in: ids } })) >= audited + ids.length
      && (await db.collection('notifications').countDocuments({ instanceId: { $in: ids } })) >= ids.length * 3);
    // effects still running after the last visible one (facts, counters) finish within a moment: wait for quiet
    let last = -1;
    await until('quiet', async () => {
      const now = Object.values(counts).reduce((a, b) => a + b, 0);
      const quiet = now === last;
      last = now;
      return quiet && (await new Promise((r) => setTimeout(r, 500, true)));
    });
  } finally {
    client.off('commandStarted', count);
    client.off('commandSucceeded', timed);
    client.off('commandFailed', timed);
    IORedis.prototype.sendCommand = sendCommand;
  }
  const per = (tally) => ({
    total: Number((Object.values(tally).reduce((a, b) => a + b, 0) / ids.length).toFixed(1)),
    byName: Object.fromEntries(Object.entries(tally).sort((a, b) => b[1] - a[1]).map(([name, n]) => [name, Number((n / ids.length).toFixed(2))])),
  });
  const database = per(counts);
  const redisPer = per(redis);
  const ms = Object.fromEntries(Object.entries(times).sort((a, b) => b[1] - a[1]).map(([name, t]) => [name, Number((t / ids.length).toFixed(2))]));
  return { perApproval: database.total, byName: database.byName, msByCommand: ms, redisPerApproval: redisPer.total, redisByName: redisPer.byName, counted: ids.length };
}

module.exports = { commandsPerApproval };
