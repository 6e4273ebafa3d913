import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CLAIM_EXPIRES_MS, FactCounters } from '../../apps/engine/src/analytics/fact.counters';
import { FactRecorder } from '../../apps/engine/src/analytics/fact.recorder';
import { FACT, type FactRecord } from '../../apps/engine/src/analytics/fact.schema';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Far enough apart (ratio at least 1.5) that no two share a duration bucket: the percentiles are then exact. */
const STEPS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610].map((m) => m * MIN);

interface Decision { node: string; who: string; openedAfter: number; took: number; status: 'approved' | 'rejected' | 'returned' }
interface Seeded {
  id: string;
  definitionId: string;
  by: string;
  submitted: number;
  decisions: Decision[];
  end?: { status: 'completed' | 'rejected' | 'withdrawn'; after: number };
}

/**
 * A known history: 14 requests over two weeks of March 2026 by s1 (sales)
 * and h1 (hr), decided by ap1 (sales) and ap2 (hr).
 */
function history(): Seeded[] {
  const monday = Date.parse('2026-03-02T08:00:00Z');
  return Array.from({ length: 14 }, (_, i) => {
    const definitionId = i % 3 === 0 ? 'expense' : 'leave';
    const submitted = monday + Math.floor(i * 0.9) * 24 * HOUR + i * 7 * MIN;
    const decisions: Decision[] = [{ node: 'manager', who: i % 2 ? 'ap1' : 'ap2', openedAfter: MIN / 2, took: STEPS[i]!, status: i % 5 === 4 ? 'rejected' : 'approved' }];
    if (i % 5 !== 4 && i % 4 !== 3) decisions.push({ node: 'hr', who: 'ap2', openedAfter: STEPS[i]! + MIN, took: STEPS[(i * 3) % 14]!, status: 'approved' });
    const end = i % 4 === 3 ? undefined : { status: i % 5 === 4 ? 'rejected' as const : i === 13 ? 'withdrawn' as const : 'completed' as const, after: STEPS[(i * 5) % 14]! };
    return { id: `seed-${i}`, definitionId, by: i % 3 === 1 ? 'h1' : 's1', submitted, decisions, end };
  });
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const week = (ms: number) => {
  const d = new Date(`${day(ms)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};
/** By hand: nearest rank, the mean rounded. */
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
  return { count: values.length, meanMs: Math.round(values.reduce((a, b) => a + b, 0) / values.length), medianMs: at(0.5), p90Ms: at(0.9) };
}
function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

describe('analytics', () => {
  let engine: TestEngine;
  const seeded = history();
  const admin = () => engine.as('admin');
  const get = (path: string, who = admin()) => engine.http.get(`/api/v1/analytics/${path}`).set(auth(who));
  const sectionOf = (by: string) => (by === 's1' || by === 'ap1' ? 'sales' : 'hr');
  const decisions = () => seeded.flatMap((r) => r.decisions.map((d) => ({ ...d, request: r })));

  beforeAll(async () => {
    engine = await startEngine();
    await build(engine, [
      { id: 'company', name: 'Company' },
      { id: 'ops', name: 'Operations', parentId: 'company' },
      { id: 'sales', name: 'Sales', parentId: 'ops' },
      { id: 'hr', name: 'People', parentId: 'company' },
    ], [
      { id: 's1', departments: ['sales'] },
      { id: 'h1', departments: ['hr'] },
      { id: 'ap1', departments: ['sales'] },
      { id: 'ap2', departments: ['hr'] },
      { id: 'salesadmin', departments: ['sales'], adminOf: ['sales'] },
    ]);
    // the records the engine would have written, at known times; then the events the effects worker would publish
    const recorder = engine.app.get(FactRecorder);
    await Promise.all(seeded.map(async (r) => {
      const times = [r.submitted, ...r.decisions.map((d) => r.submitted + d.openedAfter + d.took), ...(r.end ? [r.submitted + r.end.after] : [])];
      await engine.db.collection('instances').insertOne({
        _id: r.id as never, tenantId: 'acme', definitionId: r.definitionId, version: 1, serial: r.id, title: r.id, status: r.end?.status ?? 'running',
        createdBy: r.by, createdAt: new Date(r.submitted), updatedAt: new Date(times[times.length - 1]!),
        history: times.map((at, i) => ({ rev: i + 1, at: new Date(at) })),
      });
      await engine.db.collection('tasks').insertMany(r.decisions.map((d) => ({
        _id: `${r.id}.${d.node}.1.${d.who}` as never, tenantId: 'acme', instanceId: r.id, definitionId: r.definitionId, node: d.node, visit: 1,
        assignee: d.who, status: d.status, createdAt: new Date(r.submitted + d.openedAfter), updatedAt: new Date(r.submitted + d.openedAfter + d.took),
      })));
      await recorder.record('acme', r.id, 'instance.started', 1, {});
      for (const [i, d] of r.decisions.entries()) await recorder.record('acme', r.id, 'task.closed', i + 2, { taskId: `${r.id}.${d.node}.1.${d.who}`, status: d.status });
      if (r.end) await recorder.record('acme', r.id, `instance.${r.end.status}`, times.length, {});
    }));
    await engine.app.get(FactCounters).settled();
    // every figure below is then read from the counters, counted as each fact was recorded
    expect((await get('requests')).body.computedFrom).toBe('counters');
    // a few hundred writes: generous on a machine shared with other suites
  }, 180_000);
  afterAll(() => engine.close());

  const march = 'definitionId=leave&from=2026-03-01&to=2026-03-31';

  it('counts requests submitted and ended per definition and day, as computed by hand', async () => {
    const expected = new Map<string, Record<string, string | number>>();
    const cell = (period: string, definitionId: string) => {
      const key = `${period} ${definitionId}`;
      if (!expected.has(key)) expected.set(key, { period, definitionId, submitted: 0, completed: 0, rejected: 0, withdrawn: 0, failed: 0 });
      return expected.get(key)!;
    };
    for (const r of seeded) {
      (cell(day(r.submitted), r.definitionId).submitted as number)++;
      if (r.end) (cell(day(r.submitted + r.end.after), r.definitionId)[r.end.status] as number)++;
    }
    const res = await get('requests');
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(['period', 'definitionId', 'submitted', 'completed', 'rejected', 'withdrawn', 'failed']);
    expect(res.body.rows).toEqual([...expected.values()].sort((a, b) => `${a.period} ${a.definitionId}`.localeCompare(`${b.period} ${b.definitionId}`)));
  });

  it('counts per ISO week, within a date range and for one department subtree', async () => {
    const inRange = seeded.filter((r) => r.submitted >= Date.parse('2026-03-04T00:00:00Z') && r.submitted < Date.parse('2026-03-11T00:00:00Z') && sectionOf(r.by) === 'sales');
    const res = await get('requests?interval=week&from=2026-03-04&to=2026-03-10&department=ops');
    expect(res.status).toBe(200);
    const submitted = [...groupBy(inRange, (r) => `${week(r.submitted)} ${r.definitionId}`).entries()].map(([k, rs]) => [k, rs.length]);
    expect(res.body.rows.filter((r: { submitted: number }) => r.submitted > 0).map((r: { period: string; definitionId: string; submitted: number }) => [`${r.period} ${r.definitionId}`, r.submitted]))
      .toEqual(submitted.sort());
  });

  it('gives cycle time per definition (submitted to decided): count, mean, median and p90 by hand', async () => {
    const decided = seeded.filter((r) => r.end && r.end.status !== 'withdrawn');
    const res = await get('cycle-time?by=definition');
    expect(res.status).toBe(200);
    const expected = [...groupBy(decided, (r) => r.definitionId).entries()].map(([definitionId, rs]) => ({ definitionId, ...summary(rs.map((r) => r.end!.after)) }));
    expect(res.body.rows).toEqual(expect.arrayContaining(expected));
    expect(res.body.rows).toHaveLength(expected.length);
  });

  it('gives cycle time per node, slowest p90 first', async () => {
    const res = await get(`cycle-time?by=node&${march}`);
    const expected = [...groupBy(decisions().filter((d) => d.request.definitionId === 'leave'), (d) => d.node).entries()]
      .map(([node, ds]) => ({ definitionId: 'leave', node, ...summary(ds.map((d) => d.took)) }))
      .sort((a, b) => b.p90Ms - a.p90Ms);
    expect(res.body.rows).toEqual(expected);
  });

  it('gives each approver\'s response time, and filters by the approver\'s or the initiator\'s department', async () => {
    const byHand = (ds: ReturnType<typeof decisions>) => [...groupBy(ds, (d) => d.who).entries()]
      .map(([assignee, mine]) => ({ assignee, ...summary(mine.map((d) => d.took)) })).sort((a, b) => b.medianMs - a.medianMs);
    expect((await get('response-times')).body.rows).toEqual(byHand(decisions()));
    expect((await get('response-times?department=hr')).body.rows).toEqual(byHand(decisions().filter((d) => d.who === 'ap2')));
    expect((await get('response-times?department=sales&departmentOf=initiator')).body.rows).toEqual(byHand(decisions().filter((d) => d.request.by === 's1')));
  });

  it('names the slowest nodes and people as bottlenecks', async () => {
    const res = await get('bottlenecks?limit=1');
    const nodes = (await get('cycle-time?by=node')).body.rows;
    const people = (await get('response-times')).body.rows;
    expect(res.body.rows).toEqual([
      { kind: 'node', definitionId: nodes[0].definitionId, node: nodes[0].node, assignee: null, count: nodes[0].count, medianMs: nodes[0].medianMs, p90Ms: nodes[0].p90Ms },
      { kind: 'person', definitionId: null, node: null, assignee: people[0].assignee, count: people[0].count, medianMs: people[0].medianMs, p90Ms: people[0].p90Ms },
    ]);
  });

  it('records each event once, however often it is published', async () => {
    const before = (await get('response-times')).body.rows;
    const r = seeded[0]!;
    await engine.app.get(FactRecorder).record('acme', r.id, 'task.closed', 2, { taskId: `${r.id}.manager.1.${r.decisions[0]!.who}`, status: 'approved' });
    await engine.app.get(FactRecorder).record('acme', r.id, 'instance.started', 1, {});
    expect((await get('response-times')).body.rows).toEqual(before);
    expect(await engine.db.collection('analytics_facts').countDocuments({ instanceId: r.id })).toBe(1 + r.decisions.length + (r.end ? 1 : 0));
  });

  it('records and counts an event once when twenty workers publish it at the same time', async () => {
    // a request of its own, in the other tenant: the seeded figures stay as they are
    const r = seeded[1]!;
    const d = r.decisions[0]!;
    const id = `${r.id}-race`;
    const instance = await engine.db.collection('instances').findOne({ _id: r.id as never });
    await engine.db.collection('instances').insertOne({ ...instance!, _id: id as never, tenantId: 'other-co', serial: id });
    const task = await engine.db.collection('tasks').findOne({ _id: `${r.id}.${d.node}.1.${d.who}` as never });
    await engine.db.collection('tasks').insertOne({ ...task!, _id: `${id}.${d.node}.1.${d.who}` as never, tenantId: 'other-co', instanceId: id });
    const recorder = engine.app.get(FactRecorder);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2
      ? recorder.record('other-co', id, 'task.closed', 2, { taskId: `${id}.${d.node}.1.${d.who}`, status: d.status })
      : recorder.record('other-co', id, 'instance.started', 1, {}))));
    expect(await engine.db.collection('analytics_facts').find({ instanceId: id }).project({ _id: 1 }).sort({ _id: 1 }).toArray())
      .toEqual([{ _id: `decision:${id}.${d.node}.1.${d.who}` }, { _id: `submitted:${id}` }]);
    // counted once each, whichever of the twenty copies queued for counting got its claim
    await engine.app.get(FactCounters).settled();
    expect(await engine.db.collection('analytics_facts').find({ instanceId: id }).project({ _id: 0, counted: 1, claim: 1 }).toArray()).toEqual([{ counted: true }, { counted: true }]);
    const counters = await engine.db.collection('analytics_counters').find({ tenantId: 'other-co', series: { $in: ['requests', 'decisions'] } }).toArray();
    expect(counters.map((c) => [c.series, c.n['*'], c.pending])).toEqual(expect.arrayContaining([['requests', 1, []], ['decisions', 1, []]]));
    expect(counters.every((c) => !('settled' in c))).toBe(true);
  });

  /** Every figure over the history, under filters the counters answer. */
  const FIGURES = [
    'requests', 'requests?interval=week&department=ops', 'requests?from=2026-03-04&to=2026-03-10&definitionId=leave',
    'cycle-time?by=definition', 'cycle-time?by=node&department=hr', 'cycle-time?by=node&department=sales&departmentOf=initiator',
    'response-times', 'response-times?department=hr', 'response-times?department=sales&departmentOf=initiator', 'bottlenecks?limit=3&from=2026-03-05',
  ];
  const figures = () => Promise.all(FIGURES.map((path) => get(path).then((r) => ({ path, computedFrom: r.body.computedFrom, rows: r.body.rows }))));

  it('answers from the counters exactly what the facts answer (a period off UTC midnight asks the facts)', async () => {
    const fromCounters = await figures();
    // the same filters with a period that starts a millisecond after midnight, long before the history: the facts answer
    const fromFacts = await Promise.all(FIGURES.map((path) => get(`${path}${path.includes('?') ? '&' : '?'}from=2026-01-01T00:00:00.001Z`.replace(/from=2026-03-0\d&/, ''))
      .then((r) => ({ path, computedFrom: r.body.computedFrom, rows: r.body.rows }))));
    expect(fromCounters.map((f) => f.computedFrom)).toEqual(FIGURES.map(() => 'counters'));
    expect(fromFacts.map((f) => f.computedFrom)).toEqual(FIGURES.map(() => 'facts'));
    for (const [i, f] of fromCounters.entries()) {
      if (FIGURES[i]!.includes('from=2026-03')) continue; // its own period: compared below
      expect({ path: f.path, rows: f.rows }).toEqual({ path: f.path, rows: fromFacts[i]!.rows });
      expect(f.rows.length).toBeGreaterThan(0);
    }
    const narrow = await get('response-times?from=2026-03-05T00:00:00.000Z&to=2026-03-09T00:00:00.001Z');
    expect(narrow.body.computedFrom).toBe('facts');
    const aligned = await get('response-times?from=2026-03-05&to=2026-03-09T00:00:00Z');
    expect(aligned.body.computedFrom).toBe('counters');
    expect(aligned.body.rows).toEqual((await get('response-times?from=2026-03-05T00:00:00.000Z&to=2026-03-08T23:59:59.999Z')).body.rows);
  });

  describe('counting each fact once', () => {
    const at = Date.parse('2026-03-20T10:00:00Z');
    const submittedOn = async (period: string) => ((await get('requests?definitionId=leave')).body.rows as Array<{ period: string; submitted: number }>)
      .find((r) => r.period === period)?.submitted ?? 0;
    const startedAt = async (id: string) => {
      await engine.db.collection('instances').insertOne({ _id: id as never, tenantId: 'acme', definitionId: 'leave', version: 1, serial: id, title: id, status: 'running',
        createdBy: 'h1', createdAt: new Date(at), updatedAt: new Date(at), history: [{ rev: 1, at: new Date(at) }] });
    };
    const republish = async (id: string) => {
      await Promise.all(Array.from({ length: 20 }, () => engine.app.get(FactRecorder).record('acme', id, 'instance.started', 1, {})));
      await engine.app.get(FactCounters).settled();
    };
    /** A fact as a worker that died right after inserting it leaves it: stored, not counted. */
    const uncountedCopy = async (of: string, id: string) => {
      const fact = await engine.db.collection('analytics_facts').findOne({ _id: `submitted:${of}` as never });
      expect(fact!.counted).toBe(true);
      await engine.db.collection('analytics_facts').insertOne({ ...fact!, _id: `submitted:${id}` as never, instanceId: id, counted: false });
    };
    const counterOf = () => engine.db.collection('analytics_counters').findOne({ _id: JSON.stringify(['acme', 'requests', '2026-03-20', 'leave', 'submitted', null]) as never });

    it('counts an event once when twenty workers re-publish it, also after a crash between the fact and its count', async () => {
      const before = await submittedOn('2026-03-20');
      for (const id of ['late-a', 'late-b']) await startedAt(id);
      await republish('late-a');
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      await uncountedCopy('late-a', 'late-b');
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      await republish('late-b');
      expect(await submittedOn('2026-03-20')).toBe(before + 2);
      expect((await get('requests?definitionId=leave')).body.computedFrom).toBe('counters');
      expect(await engine.db.collection('analytics_facts').countDocuments({ instanceId: { $in: ['late-a', 'late-b'] }, counted: true })).toBe(2);
    });

    it('counts once a fact whose worker died after adding it to the counters and before marking it counted', async () => {
      const before = await submittedOn('2026-03-20');
      await startedAt('late-c');
      const facts = engine.app.get<Model<FactRecord>>(getModelToken(FACT));
      const commit = jest.spyOn(facts, 'bulkWrite').mockRejectedValueOnce(new Error('worker died'));
      try {
        await engine.app.get(FactRecorder).record('acme', 'late-c', 'instance.started', 1, {});
        await engine.app.get(FactCounters).settled();
        expect(commit).toHaveBeenCalledTimes(1);
      } finally {
        commit.mockRestore();
      }
      // added, not marked: the counters remember the fact as pending
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      expect((await engine.db.collection('analytics_facts').findOne({ _id: 'submitted:late-c' as never }))!.counted).toBe(false);
      expect((await counterOf())!.pending).toEqual(['submitted:late-c']);
      await republish('late-c');
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      expect((await engine.db.collection('analytics_facts').findOne({ _id: 'submitted:late-c' as never }))!.counted).toBe(true);
      expect((await counterOf())!.pending).toEqual([]);
    });

    it('counts at start-up, once, the facts a crashed worker left uncounted', async () => {
      const before = await submittedOn('2026-03-20');
      await startedAt('late-d');
      await uncountedCopy('late-a', 'late-d');
      const counters = engine.app.get(FactCounters);
      expect(await counters.sweep()).toBe(1);
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      expect(await counters.sweep()).toBe(0);
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
    });

    it('takes over at the sweep the facts of a worker that died holding them, and leaves a live worker its own', async () => {
      const before = await submittedOn('2026-03-20');
      for (const id of ['late-e', 'late-f']) await startedAt(id);
      await uncountedCopy('late-a', 'late-e');
      await uncountedCopy('late-a', 'late-f');
      const facts = engine.db.collection('analytics_facts');
      // late-e: claimed two hours ago by a worker that died; late-f: claimed a moment ago by one still counting
      await facts.updateOne({ _id: 'submitted:late-e' as never }, { $set: { claim: { by: 'dead', at: new Date(Date.now() - 2 * CLAIM_EXPIRES_MS) } } });
      await facts.updateOne({ _id: 'submitted:late-f' as never }, { $set: { claim: { by: 'alive', at: new Date() } } });
      const counters = engine.app.get(FactCounters);
      expect(await counters.sweep()).toBe(1);
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      expect(await facts.findOne({ _id: 'submitted:late-e' as never }, { projection: { _id: 0, counted: 1, claim: 1 } })).toEqual({ counted: true });
      expect(await facts.findOne({ _id: 'submitted:late-f' as never }, { projection: { _id: 0, counted: 1, claim: 1 } })).toEqual({ counted: false, claim: { by: 'alive', at: expect.any(Date) } });
      // a re-publication meanwhile does not count what the live worker holds either
      await republish('late-f');
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
    });

    it('counts a fact this process inserted with no claim of its own; after a crash, the sweep counts it once its claim expires', async () => {
      const before = await submittedOn('2026-03-20');
      await startedAt('late-g');
      const counters = engine.app.get(FactCounters);
      // the process dies between the insert and the count
      const lost = jest.spyOn(counters, 'countSoon').mockImplementationOnce(() => undefined);
      await engine.app.get(FactRecorder).record('acme', 'late-g', 'instance.started', 1, {});
      lost.mockRestore();
      const facts = engine.db.collection('analytics_facts');
      const fact = () => facts.findOne({ _id: 'submitted:late-g' as never }, { projection: { _id: 0, counted: 1, 'claim.by': 1 } });
      expect(await fact()).toEqual({ counted: false, claim: { by: expect.stringMatching(/\.born$/) } });
      // born claimed: neither the sweep nor a re-publication counts it while the claim holds
      expect(await counters.sweep()).toBe(0);
      await republish('late-g');
      expect(await submittedOn('2026-03-20')).toBe(before);
      await facts.updateOne({ _id: 'submitted:late-g' as never }, { $set: { 'claim.at': new Date(Date.now() - 2 * CLAIM_EXPIRES_MS) } });
      expect(await counters.sweep()).toBe(1);
      expect(await submittedOn('2026-03-20')).toBe(before + 1);
      expect(await fact()).toEqual({ counted: true });
      expect(await counters.sweep()).toBe(0);
    });

    it('counts a backlog larger than one round, 2,500 facts in rounds of 1,000, each once', async () => {
      // copies of a counted fact in the other tenant, left uncounted (workers that died): the seeded figures stay as they are
      const facts = engine.db.collection('analytics_facts');
      const counters = engine.db.collection('analytics_counters');
      const key = JSON.stringify(['other-co', 'requests', '2026-03-20', 'leave', 'submitted', null]);
      const before = (await counters.findOne({ _id: key as never }))?.n['*'] ?? 0;
      const fact = await facts.findOne({ _id: 'submitted:late-a' as never });
      await facts.insertMany(Array.from({ length: 2_500 }, (_, i) => ({ ...fact!, _id: `submitted:backlog-${i}` as never, tenantId: 'other-co', instanceId: `backlog-${i}`, counted: false })));
      const counting = engine.app.get(FactCounters);
      // all in one call, as a worker hands over what it queued
      await counting.countAll(await facts.find({ tenantId: 'other-co', instanceId: { $regex: '^backlog-' } }).toArray() as never);
      const counter = await counters.findOne({ _id: key as never });
      expect([counter!.n['*'] - before, counter!.pending]).toEqual([2_500, []]);
      expect(await facts.countDocuments({ tenantId: 'other-co', instanceId: { $regex: '^backlog-' }, counted: true, claim: { $exists: false } })).toBe(2_500);
      expect(await counting.sweep()).toBe(0);
    });
  });

  it('exports any table as CSV', async () => {
    const json = (await get(`cycle-time?by=node&${march}`)).body;
    const res = await get(`cycle-time?by=node&${march}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cycle-time-by-node.csv"/);
    expect(res.text.trim().split('\r\n')).toEqual([
      'definitionId,node,count,meanMs,medianMs,p90Ms',
      ...json.rows.map((r: Record<string, unknown>) => [r.definitionId, r.node, r.count, r.meanMs, r.medianMs, r.p90Ms].join(',')),
    ]);
  });

  it('shows a department admin only their subtree and refuses other departments', async () => {
    const salesadmin = engine.as('salesadmin');
    const mine = (await get('requests', salesadmin)).body.rows;
    const submitted = mine.reduce((n: number, r: { submitted: number }) => n + r.submitted, 0);
    expect(submitted).toBe(seeded.filter((r) => r.by === 's1').length);
    expect((await get('response-times', salesadmin)).body.rows.map((r: { assignee: string }) => r.assignee)).toEqual(['ap1']);
    const other = await get('requests?department=hr', salesadmin);
    expect(other.status).toBe(403);
    expect((await get('requests', engine.as('s1'))).status).toBe(403);
  });

  it('lists pending tasks past their node\'s deadline or older than N hours, oldest first', async () => {
    const timed = leaveRequest({ id: 'timed' });
    (timed.nodes[1]!.config as Record<string, unknown>).deadlines = { escalateAfter: 'PT4H', decideAfter: 'P1D' };
    await publish(engine, timed);
    const now = Date.now();
    const task = (id: string, node: string, assignee: string, age: number, status = 'pending') => ({
      _id: id, tenantId: 'acme', instanceId: `i-${id}`, definitionId: 'timed', node, visit: 1, assignee, status, createdAt: new Date(now - age), updatedAt: new Date(now - age),
    });
    const tasks = [
      task('late', 'manager', 'ap1', 5 * HOUR), // past escalateAfter (4 h, the earlier deadline)
      task('in-time', 'manager', 'ap2', 3 * HOUR),
      task('decided', 'manager', 'ap1', 50 * HOUR, 'approved'),
      task('old', 'hr', 'ap2', 50 * HOUR), // hr has no deadline
    ];
    // the records the task writer would have written
    await engine.db.collection('tasks').insertMany(tasks as never[]);
    const res = await get('overdue?definitionId=timed');
    expect(res.status).toBe(200);
    expect(res.body.computedFrom).toBe('tasks');
    expect(res.body.total).toBe(1);
    expect(res.body.rows).toEqual([expect.objectContaining({ taskId: 'late', node: 'manager', assignee: 'ap1', openedAt: new Date(now - 5 * HOUR).toISOString(), dueAt: new Date(now - HOUR).toISOString() })]);
    expect(res.body.rows[0].overdueMs).toBeGreaterThanOrEqual(HOUR);

    const older = await get('overdue?definitionId=timed&olderThanHours=48');
    expect(older.body.rows.map((r: { taskId: string }) => r.taskId)).toEqual(['old', 'late']);
    expect((await get('overdue?definitionId=timed&olderThanHours=48&department=hr')).body.rows.map((r: { taskId: string }) => r.taskId)).toEqual(['old']);
    const csv = await get('overdue?definitionId=timed&format=csv');
    expect(csv.text.split('\r\n')[0]).toBe('taskId,instanceId,definitionId,node,assignee,openedAt,dueAt,overdueMs');

  });

  it('records real requests as they are decided', async () => {
    await publish(engine, leaveRequest({ id: 'live' }));
    const started = await submit(engine, engine.as('alice'), 'live', { days: 1 });
    const bobs = await pendingTask(engine, engine.as('bob'), started.id);
    const waiting = await eventually(() => get('overdue?definitionId=live&olderThanHours=0.0001').then((r) => r.body), (b) => b.total === 1, { what: 'the pending task overdue' });
    expect(waiting).toMatchObject({ computedFrom: 'tasks', rows: [expect.objectContaining({ taskId: bobs.id, assignee: 'bob' })] });
    await decide(engine, engine.as('bob'), bobs.id, 'approve').expect(200);
    await decide(engine, engine.as('carol'), (await pendingTask(engine, engine.as('carol'), started.id)).id, 'approve').expect(200);
    const rows = await eventually(() => get('response-times?definitionId=live').then((r) => r.body.rows as Array<{ assignee: string; meanMs: number }>),
      (rs) => rs.length === 2, { what: 'both decisions recorded' });
    // by hand, from the records: the decision's history entry minus the task's opening
    const instance = await engine.db.collection('instances').findOne({ _id: started.id as never });
    const tasks = await engine.db.collection('tasks').find({ instanceId: started.id }).toArray();
    for (const t of tasks) {
      const decided = (instance!.history as Array<{ type: string; actor: string; at: Date }>).find((h) => h.type === 'decide' && h.actor === t.assignee)!;
      expect(rows.find((r) => r.assignee === t.assignee)!.meanMs).toBe(decided.at.getTime() - t.createdAt.getTime());
    }
    const requests = await eventually(() => get('requests?definitionId=live').then((r) => r.body.rows),
      (rs: Array<{ completed: number }>) => rs.some((r) => r.completed === 1), { what: 'the completion recorded' });
    expect((await get('overdue?definitionId=live&olderThanHours=0.0001')).body).toMatchObject({ computedFrom: 'tasks', total: 0 });
    expect(requests).toEqual([{ period: day(Date.now()), definitionId: 'live', submitted: 1, completed: 1, rejected: 0, withdrawn: 0, failed: 0 }]);
  });

  it.each([
    ['requests?from=yesterday', '/query/from'],
    ['requests?from=2026-02-30', '/query/from'],
    ['requests?from=2026-03-10&to=2026-03-01', '/query/to'],
    ['requests?interval=month', '/query/interval'],
    ['requests?format=xml', '/query/format'],
    ['requests?colour=red', '/query/colour'],
    ['requests?department=nowhere', '/query/department'],
    ['cycle-time?by=person', '/query/by'],
    ['response-times?departmentOf=everyone', '/query/departmentOf'],
    ['bottlenecks?limit=0', '/query/limit'],
    ['overdue?olderThanHours=-1', '/query/olderThanHours'],
    ['overdue?limit=many', '/query/limit'],
  ])('answers 400 naming the field for %s', async (path, pointer) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toContain(pointer);
  });
});
