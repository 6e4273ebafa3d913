import type { Definition } from '@baton/dsl';
import { createServer, type Server } from 'node:http';
import { freePort } from './ports';
import type { Person, TestEngine } from './engine';

/** Routing, SOP and campaign definitions and a webhook sink, for the CRM suites. */

const graph = (middle: Array<{ id: string; type: string; config: Record<string, unknown> }>) => ({
  nodes: [{ id: 'start', type: 'start' }, ...middle, { id: 'done', type: 'end', config: { status: 'completed' } }],
  edges: [{ from: 'start', to: middle[0]!.id }, ...middle.slice(1).map((n, i) => ({ from: middle[i]!.id, to: n.id })), { from: middle[middle.length - 1]!.id, to: 'done' }],
});

export function routingDefinition(id: string, config: Record<string, unknown>): Definition {
  return { id, name: `Routing ${id}`, kind: 'routing', form: { fields: [] }, ...graph([{ id: 'rules', type: 'route', config }]) } as Definition;
}

export function sopDefinition(id: string, config: Record<string, unknown>): Definition {
  return { id, name: `SOP ${id}`, kind: 'sop', form: { fields: [] }, ...graph([{ id: 'cadence', type: 'sop.cadence', config }]) } as Definition;
}

export function campaignDefinition(id: string, audience: Record<string, unknown>, channel: { type: string; config: Record<string, unknown> }): Definition {
  return {
    id, name: `Campaign ${id}`, kind: 'campaign', form: { fields: [] },
    ...graph([{ id: 'audience', type: 'campaign.audience', config: audience }, { id: 'send', type: channel.type, config: channel.config }]),
  } as Definition;
}

export const authOf = (p: Person) => ({ Authorization: `Bearer ${p.token}` });

export async function addCustomers(engine: TestEngine, customers: Array<Record<string, unknown>>) {
  const columns = ['id', 'name', 'email', 'owner', 'source', 'region', 'tags'];
  const attrs = [...new Set(customers.flatMap((c) => Object.keys((c.attributes as object) ?? {})))];
  const csv = [[...columns, ...attrs.map((a) => `attr.${a}`)].join(','),
    ...customers.map((c) => [...columns.map((k) => (k === 'tags' ? ((c.tags as string[]) ?? []).join(';') : String(c[k] ?? ''))),
      ...attrs.map((a) => String((c.attributes as Record<string, unknown>)?.[a] ?? ''))].join(','))].join('\n');
  const res = await engine.http.post('/api/v1/customers/import').set(authOf(engine.as('admin'))).send({ csv });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface SinkMessage {
  key: string;
  customerId: string;
  variant: string;
  body: string;
  subject: string | null;
}

/**
 * A webhook receiver as a careful system runs one: it keeps one message per
 * Idempotency-Key and counts every delivery, so a test sees both.
 */
export async function startSink(options: { failFirst?: number } = {}) {
  const messages = new Map<string, SinkMessage>();
  /** when each message first arrived, by key */
  const arrivals = new Map<string, number>();
  let deliveries = 0;
  let toFail = options.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      deliveries++;
      if (toFail > 0) {
        toFail--;
        res.writeHead(503).end();
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SinkMessage;
      if (key && !messages.has(key)) {
        messages.set(key, { ...body, key });
        arrivals.set(key, Date.now());
      }
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    messages,
    arrivals,
    get deliveries() {
      return deliveries;
    },
    /** messages per customer */
    perCustomer() {
      const counts = new Map<string, number>();
      for (const m of messages.values()) counts.set(m.customerId, (counts.get(m.customerId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
