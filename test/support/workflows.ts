import type { Definition } from '@baton/dsl';
import { eventually } from './eventually';
import type { Person, TestEngine } from './engine';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { EFFECTS_QUEUE } from '../../apps/engine/src/effects/queues';

/** A two-step leave request: the manager (bob), then HR (carol). */
export function leaveRequest(overrides: Partial<Definition> = {}): Definition {
  return {
    id: 'leave',
    name: 'Leave request',
    kind: 'approval',
    category: 'HR',
    form: {
      fields: [
        { key: 'days', label: 'Days', type: 'number', required: true, min: 0.5, max: 30 },
        { key: 'reason', label: 'Reason', type: 'text', max: 500 },
        { key: 'period', label: 'Period', type: 'dateRange' },
      ],
    },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'manager', type: 'approval', config: { title: 'Leave of {{form.days}} days for {{initiator.name}}', assignees: [{ type: 'user', value: 'bob' }] } },
      { id: 'hr', type: 'approval', config: { assignees: [{ type: 'user', value: 'carol' }] } },
      { id: 'approved', type: 'end', config: { status: 'completed' } },
      { id: 'rejected', type: 'end', config: { status: 'rejected' } },
    ],
    edges: [
      { from: 'start', to: 'manager' },
      { from: 'manager', to: 'hr', on: 'approved' },
      { from: 'manager', to: 'rejected', on: 'rejected' },
      { from: 'hr', to: 'approved', on: 'approved' },
      { from: 'hr', to: 'rejected', on: 'rejected' },
    ],
    ...overrides,
  };
}

/** The same request with a delay between the two approvals. */
export function leaveWithCoolingOff(duration = 'PT2S'): Definition {
  const def = leaveRequest({ id: 'leave-cooling' });
  def.nodes.push({ id: 'cooling', type: 'delay', config: { duration } });
  def.edges[1] = { from: 'manager', to: 'cooling', on: 'approved' };
  def.edges.push({ from: 'cooling', to: 'hr' });
  return def;
}

const auth = (p: Person) => ({ Authorization: `Bearer ${p.token}` });

export async function publish(engine: TestEngine, def: Definition, admin = engine.as('admin')) {
  const saved = await engine.http.put(`/api/v1/definitions/${def.id}`).set(auth(admin)).send(def);
  if (saved.status !== 200) throw new Error(`save failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await engine.http.post(`/api/v1/definitions/${def.id}/publish`).set(auth(admin)).send({ note: 'test' });
  if (published.status !== 201) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as { id: string; version: number };
}

export async function submit(engine: TestEngine, who: Person, definitionId: string, form: Record<string, unknown>) {
  const res = await engine.http.post('/api/v1/instances').set(auth(who)).send({ definitionId, form });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; at: string[] };
}

/**
 * Waits until the person's inbox holds a pending task of the instance (of
 * the node's current visit, when a node is named: a node entered again after
 * a return gets new tasks, and the old ones settle a moment later).
 */
export async function pendingTask(engine: TestEngine, who: Person, instanceId: string, node?: string) {
  let wanted: string | undefined;
  if (node) {
    const path: string[] = (await engine.http.get(`/api/v1/instances/${instanceId}`).set(auth(who))).body.path ?? [];
    wanted = `${instanceId}.${node}.${Math.max(1, path.filter((n) => n === node).length)}.${who.id}`;
  }
  const matches = (t: { id: string; instanceId: string }) => (wanted ? t.id === wanted : t.instanceId === instanceId);
  const inbox = await eventually(
    () => engine.http.get('/api/v1/tasks').set(auth(who)).then((r) => r.body.items as Array<{ id: string; instanceId: string; node: string; title: string }>),
    (items) => items.some(matches),
    { what: `a pending task ${wanted ?? `of ${instanceId}`} for ${who.id}` },
  );
  return inbox.find(matches)!;
}

export function decide(engine: TestEngine, who: Person, taskId: string, decision: 'approve' | 'reject', comment?: string) {
  return engine.http.post(`/api/v1/tasks/${taskId}/${decision}`).set(auth(who)).send(comment ? { comment } : {});
}

export function getInstance(engine: TestEngine, who: Person, id: string) {
  return engine.http.get(`/api/v1/instances/${id}`).set(auth(who));
}

export { auth };

/**
 * The instance once the relay has handed its outbox over (the outbox is
 * cleared after the effects are queued, so a task may exist before that):
 * the state to compare with after a refused request.
 */
export function handedOver(engine: TestEngine, instanceId: string) {
  return eventually(
    () => engine.db.collection('instances').findOne({ _id: instanceId as never }),
    (doc) => doc !== null && doc.outboxAt === null,
    { what: `the outbox of ${instanceId} to be handed over` },
  );
}

/**
 * Every domain event recorded so far handed over and every effect job
 * performed: the state to look at before asserting that an event started
 * nothing (domain events reach their consumers through the effects queue).
 */
export async function effectsSettled(engine: TestEngine) {
  const queue = engine.app.get<Queue>(getQueueToken(EFFECTS_QUEUE));
  return eventually(async () => ({
    unsent: await engine.db.collection('domain_events').countDocuments({ sentAt: null }),
    jobs: Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')).reduce((a, b) => a + b, 0),
  }), (s) => s.unsent === 0 && s.jobs === 0, { what: 'every domain event and effect performed' });
}
