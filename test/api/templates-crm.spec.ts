import type { Definition } from '@baton/dsl';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seed } from '../../apps/engine/src/seed/seed';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { authOf } from '../support/crm';

const TEMPLATES = join(__dirname, '..', '..', 'templates');
const CRM = ['inquiry-routing', 'new-customer-follow-up', 'complaint-handling', 'welcome-series', 'holiday-greeting'];
const load = (id: string) => JSON.parse(readFileSync(join(TEMPLATES, `${id}.json`), 'utf8')) as Definition;

interface Input {
  item?: Record<string, unknown>;
  customer?: Record<string, unknown>;
  customers?: Array<Record<string, unknown>>;
  routing?: string;
}

/** Every sample of the routing, SOP and campaign templates, run end to end on the demo organisation as `npm start` seeds it. */
describe('routing, SOP and campaign templates', () => {
  let engine: TestEngine;
  const admin = () => authOf(engine.as('admin', 'demo'));
  const addCustomer = async (c: Record<string, unknown>) => {
    const res = await engine.http.post('/api/v1/customers').set(admin()).send(c);
    if (res.status !== 201) throw new Error(`customer ${JSON.stringify(c)}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    engine = await startEngine();
    const result = await seed(engine.app, TEMPLATES);
    expect(result.published).toEqual(expect.arrayContaining(CRM));
  }, 180_000);
  afterAll(() => engine.close());

  const samples = CRM.flatMap((id) => {
    const def = load(id);
    return def.template!.samples.map((s) => [`${id}: ${s.name}`, def, s] as const);
  });

  it.each(samples)('%s', async (_, def, sample) => {
    const input = sample.input as Input;
    const expected = sample.expect as Record<string, unknown>;
    if (def.kind === 'routing') {
      if (input.customer) await addCustomer(input.customer);
      const res = await engine.http.post(`/api/v1/routing/${def.id}/decisions`).set(admin()).send({ item: input.item, ...(input.customer ? { customerId: input.customer.id } : {}) });
      expect(res.status).toBe(201);
      expect({ assignee: res.body.assignee, rule: res.body.rule }).toEqual(expected);
    } else if (def.kind === 'sop') {
      let query: string;
      if (input.customer) {
        await addCustomer(input.customer);
        query = `customerId=${input.customer.id}`;
      } else {
        const routed = await engine.http.post(`/api/v1/routing/${input.routing}/decisions`).set(admin()).send({ item: input.item });
        expect(routed.status).toBe(201);
        query = `definitionId=${def.id}`;
      }
      const run = await eventually(
        () => engine.http.get(`/api/v1/sop/runs?${query}`).set(admin()).then((r) => (r.body.items as Array<{ definitionId: string; owner: string; steps: Array<{ outcome: string | null; doneAt: string | null }> }>).find((x) => x.definitionId === def.id)),
        // quiet hours may defer the first step; either way it has an outcome
        (r) => Boolean(r?.steps[0]!.outcome), { what: `a ${def.id} run` });
      const first = run!.steps[0]!.outcome!;
      expect(run!.owner).toBe(expected.owner);
      // inside the template's quiet hours the first step waits for their end
      if (first.startsWith('deferred: quiet hours')) expect(run!.steps[0]!.doneAt).toBeNull();
      else expect(first).toBe(expected.firstStep);
    } else {
      for (const c of input.customers ?? []) await addCustomer(c);
      const created = await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId: def.id });
      expect(created.status).toBe(201);
      const done = await eventually(() => engine.http.get(`/api/v1/campaigns/${created.body.id}`).set(admin()).then((r) => r.body), (c) => c.status === 'completed', { what: `${def.id} sent` });
      expect({ total: done.progress.total, sent: done.progress.sent }).toEqual({ total: expected.total, sent: expected.sent });
      if (expected.variantsOf) {
        expect(done.variants.map((v: { variant: string }) => v.variant).sort()).toEqual(expected.variantsOf);
        expect(done.variants.reduce((n: number, v: { sent: number }) => n + v.sent, 0)).toBe(expected.sent);
      }
      if (expected.message) {
        const m = expected.message as { customerId: string; body: string };
        const inbox = await engine.http.get(`/api/v1/customers/${m.customerId}/messages`).set(admin());
        expect(inbox.body.items.map((x: { body: string }) => x.body)).toEqual([m.body]);
      }
    }
  });
});
