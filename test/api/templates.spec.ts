import { stateDigest, validate, type Definition, type FormField, type TemplateSample } from '@baton/dsl';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { run as cli } from '../../packages/dsl/src/cli';
import { DEMO_TENANT, seed } from '../../apps/engine/src/seed/seed';
import { startEngine, type Person, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth } from '../support/workflows';

/**
 * Every template in templates/ is valid and carries its gallery metadata;
 * every sample of every approval template runs end to end through the HTTP
 * API against the demo organisation that `npm start` seeds, and comes out as
 * its `expect` says (format: templates/README.md), and replays from its
 * recorded events to the state stored at every step. Routing, SOP and
 * campaign templates have their own suite.
 */
const FOLDER = join(__dirname, '..', '..', 'templates');
const templates = readdirSync(FOLDER).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, def: JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as Definition }));
const approvals = templates.filter((t) => t.def.kind === 'approval');
const hasCondition = (def: Definition) => def.edges.some((e) => e.condition !== undefined);

describe('templates', () => {
  it('pass `baton validate`', () => {
    const out: string[] = [];
    expect({ code: cli(['validate', ...templates.map((t) => join(FOLDER, t.file))], (l) => out.push(l), (l) => out.push(l)), out }).toEqual({ code: 0, out: [] });
  });

  it('include at least 20 approval templates with distinct ids and serial prefixes', () => {
    expect(approvals.length).toBeGreaterThanOrEqual(20);
    expect(new Set(templates.map((t) => t.def.id)).size).toBe(templates.length);
    expect(new Set(approvals.map((t) => t.def.serialPrefix)).size).toBe(approvals.length);
  });

  it.each(templates.map((t) => [t.file, t.def] as const))('%s: is named after its id, has a Chinese title, a category and samples', (file, def) => {
    expect(validate(def)).toEqual([]);
    expect(file).toBe(`${def.id}.json`);
    expect(def.template?.title.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(def.category).toBeTruthy();
    expect(def.description).toBeTruthy();
    // a template with a condition shows both sides of it
    expect(def.template!.samples.length).toBeGreaterThanOrEqual(hasCondition(def) ? 2 : 1);
    if (def.kind === 'approval') {
      expect(def.serialPrefix).toBeTruthy();
      for (const s of def.template!.samples) expect(Object.keys(s.expect).filter((k) => !EXPECT_KEYS.includes(k))).toEqual([]);
      // at least one sample ends in a rejection or a withdrawal
      expect(def.template!.samples.some((s) => s.expect.status !== 'completed')).toBe(true);
    }
  });
});

const EXPECT_KEYS = ['status', 'path', 'notes', 'copiedTo'];
const TERMINAL = ['completed', 'rejected', 'withdrawn'];
/** A 1x1 PNG: the drawn signature given at steps that require one. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain', '.csv': 'text/csv',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** How many samples run at once: on 2 cores 6 took ~60 s alone, but starved the suite running beside it when the machine was loaded. */
const CONCURRENCY = 3;
/** A sample of six steps took over 60 s when other suites loaded the same database; the wait is for its own result. */
const SAMPLE_DEADLINE_MS = 180_000;

interface Outcome {
  id: string;
  status: string;
  path: string[];
  notes: string[];
  copiedTo: string[];
  serial: string;
}

describe('approval template samples, end to end', () => {
  let engine: TestEngine;
  const outcomes = new Map<string, Promise<Outcome>>();
  const key = (def: Definition, sample: TemplateSample) => `${def.id}: ${sample.name}`;

  beforeAll(async () => {
    engine = await startEngine();
    await seed(engine.app, FOLDER);
    // every sample starts now, a few at a time; each test below awaits its own
    const slots = limiter(CONCURRENCY);
    for (const { def } of approvals) {
      for (const sample of def.template!.samples) {
        const outcome = slots(() => runSample(engine, def, sample));
        outcome.catch(() => undefined); // reported by the sample's own test
        outcomes.set(key(def, sample), outcome);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    await engine?.close();
  });

  it('seeds the demo tenant\'s own record, which its sign-in page finds; seeding again adds nothing', async () => {
    expect((await engine.http.get(`/api/v1/sign-in/${DEMO_TENANT}`)).body).toEqual({ tenant: DEMO_TENANT, brandingName: 'Baton Demo', locale: 'en' });
    await seed(engine.app, FOLDER);
    expect(await engine.db.collection('tenants').countDocuments({ _id: DEMO_TENANT as never })).toBe(1);
  });

  const cases = approvals.flatMap(({ file, def }) => def.template!.samples.map((sample) => [file, sample.name, def, sample] as const));
  it.each(cases)('%s: %s', async (_file, _name, def, sample) => {
    const got = await outcomes.get(key(def, sample))!;
    expect(got.serial.startsWith(`${def.serialPrefix}-`)).toBe(true);
    const wanted = sample.expect as { status: string; path: string[]; notes?: string[]; copiedTo?: string[] };
    expect({ status: got.status, path: got.path }).toEqual({ status: wanted.status, path: wanted.path });
    expect(got.notes).toEqual(wanted.notes ?? []);
    if (wanted.copiedTo) expect(got.copiedTo).toEqual([...wanted.copiedTo].sort());
  }, SAMPLE_DEADLINE_MS);

  it.each(cases)('%s: %s replays to the stored state at every step', async (_file, _name, def, sample) => {
    const { id } = await outcomes.get(key(def, sample))!;
    const admin = auth(engine.as('admin', DEMO_TENANT));
    const [replay, history, instance] = await Promise.all(['replay', 'history', ''].map((part) => engine.http.get(`/api/v1/instances/${id}/${part}`).set(admin)));
    expect(replay.status).toBe(200);
    const steps = replay.body.steps as ReplayStep[];
    // what was stored for each event: the nodes it led to and the digest of the state written then
    const stored = (history.body.items as Array<{ rev: number; type: string; to: string[]; state?: string }>).filter((h) => h.state !== undefined);
    expect(steps.map((s) => ({ rev: s.rev, type: s.type, at: s.at, digest: s.digest, accepted: s.accepted })))
      .toEqual(stored.map((h) => ({ rev: h.rev, type: h.type, at: h.to, digest: h.state, accepted: true })));
    expect(steps.length).toBeGreaterThanOrEqual(1 + (sample.steps ?? []).length);
    // the last step is the stored instance: its snapshot as the database holds it, its form, status and path
    const record = await engine.db.collection('instances').findOne({ _id: id as never });
    const last = steps.at(-1)!;
    expect(last.digest).toBe(stateDigest(record!.snapshot));
    expect({ status: last.status, at: last.at, form: last.form }).toEqual({ status: instance.body.status, at: instance.body.at, form: instance.body.form });
    // every automatic decision the history recorded (with its reason) is recomputed at the same step
    const automatic = (history.body.items as Array<{ rev: number; type: string; outcome: string; reason?: { code: string } }>).filter((h) => h.type === 'automatic');
    expect(steps.flatMap((s) => s.automatic.map((a) => `${s.rev}:${a.reason?.code ?? a.outcome}`)))
      .toEqual(automatic.map((h) => `${h.rev}:${h.reason?.code ?? h.outcome}`));
  }, SAMPLE_DEADLINE_MS);
});

/** Runs at most `n` of the given jobs at a time. */
function limiter(n: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** A step of GET /instances/:id/replay, as far as these tests read it. */
interface ReplayStep {
  rev: number;
  type: string;
  at: string[];
  status: string;
  form: Record<string, unknown>;
  digest: string;
  accepted: boolean;
  automatic: Array<{ outcome: string; reason?: { code: string } }>;
}

/** The request as an answer of the API shows it. */
interface Seen {
  at: string[];
  path: string[];
  status: string;
  serial: string;
  notes: Array<{ note: string }>;
  copiedTo: string[];
}

/** Submits the sample as its initiator, takes its steps as the people named, and reads the outcome. */
async function runSample(engine: TestEngine, def: Definition, sample: TemplateSample): Promise<Outcome> {
  const person = (id: string) => engine.as(id, DEMO_TENANT);
  const initiator = person(sample.initiator!);
  const form = await withUploads(engine, initiator, def.form.fields, sample.form ?? {});
  const submitted = await engine.http.post('/api/v1/instances').set(auth(initiator)).send({ definitionId: def.id, form });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const id: string = submitted.body.id;
  // every answer carries the request as it is now: where it waits, the path so far
  let seen: Seen = submitted.body;
  for (const [index, step] of (sample.steps ?? []).entries()) {
    const who = person(step.as);
    const body = step.comment ? { comment: step.comment } : {};
    let res;
    if (step.action === 'withdraw') res = await engine.http.post(`/api/v1/instances/${id}/withdraw`).set(auth(who)).send(body);
    else if (step.action === 'resubmit') res = await engine.http.post(`/api/v1/instances/${id}/resubmit`).set(auth(who)).send({ form });
    else {
      const { task, node } = await pendingTask(engine, who, id, seen, step.node);
      const config = def.nodes.find((n) => n.id === node)?.config as { requireSignature?: boolean } | undefined;
      res = step.action === 'return'
        ? await engine.http.post(`/api/v1/tasks/${task}/return`).set(auth(who)).send({ to: 'initiator', ...body })
        : await engine.http.post(`/api/v1/tasks/${task}/${step.action}`).set(auth(who))
          .send({ ...body, ...(step.action === 'approve' && config?.requireSignature ? { signature: SIGNATURE } : {}) });
    }
    if (res.status !== 200) throw new Error(`step ${index} (${step.as} ${step.action}): ${res.status} ${JSON.stringify(res.body)}`);
    seen = res.body.instance ?? res.body;
  }
  // read once more: an answer shows the people copied before its own event
  const final: Seen = await eventually(() => engine.http.get(`/api/v1/instances/${id}`).set(auth(person('admin'))).then((r) => r.body),
    (b) => TERMINAL.includes(b.status), { what: `${def.id}: ${sample.name} to finish`, intervalMs: 250 });
  return { id, status: final.status, path: final.path, serial: final.serial, notes: final.notes.map((n) => n.note), copiedTo: [...final.copiedTo].sort() };
}

/**
 * The pending task of this person at the named node, or at any node the
 * request waits at, of that node's current visit (a node entered again after
 * a return has new tasks). Workers open tasks a moment after the decision
 * before; polling every 250 ms keeps the inbox reads from doubling the load.
 */
async function pendingTask(engine: TestEngine, who: Person, instanceId: string, seen: Seen, node?: string) {
  const visit = (n: string) => Math.max(1, seen.path.filter((p) => p === n).length);
  const ids = new Map((node ? [node] : seen.at).map((n) => [`${instanceId}.${n}.${visit(n)}.${who.id}`, n]));
  const inbox = await eventually(
    () => engine.http.get('/api/v1/tasks?limit=200').set(auth(who)).then((r) => r.body.items as Array<{ id: string }>),
    (items) => items.some((t) => ids.has(t.id)),
    { what: `a pending task of ${who.id} in ${instanceId} at ${[...ids.values()].join(' or ')}`, intervalMs: 250, timeoutMs: 30_000 },
  );
  const task = inbox.find((t) => ids.has(t.id))!;
  return { task: task.id, node: ids.get(task.id)! };
}

/**
 * Attachment values of a sample name a file ({ name }); the initiator uploads
 * a small placeholder of that name and the form carries its id.
 */
async function withUploads(engine: TestEngine, who: Person, fields: readonly FormField[], form: Record<string, unknown>) {
  const result = { ...form };
  for (const field of fields.filter((f) => f.type === 'attachment' && form[f.key] !== undefined)) {
    const upload = async (file: { name: string }) => {
      const res = await engine.http.post(`/api/v1/attachments?name=${encodeURIComponent(file.name)}`).set(auth(who))
        .set('Content-Type', MEDIA_TYPES[extname(file.name)] ?? 'application/pdf').send(Buffer.from(`placeholder for ${file.name}`));
      if (res.status !== 201) throw new Error(`upload ${file.name}: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string, name: file.name };
    };
    const value = form[field.key] as { name: string } | Array<{ name: string }>;
    result[field.key] = Array.isArray(value) ? await Promise.all(value.map(upload)) : await upload(value);
  }
  return result;
}
