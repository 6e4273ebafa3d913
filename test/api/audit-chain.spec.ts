import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AUDIT, AUDIT_HEAD, type AuditHeadRecord, type AuditRecord } from '../../apps/engine/src/audit/audit.schema';
import { AuditService } from '../../apps/engine/src/audit/audit.service';
import { CLOCK, type Clock } from '../../apps/engine/src/clock/clock';
import { EffectHandlers } from '../../apps/engine/src/effects/effect-handlers.service';
import { startEngine, type TestEngine } from '../support/engine';

/**
 * The audit chain is appended without a lock: each process keeps its tip and
 * appends what waits in one ordered insert; a process that loses a place to
 * another walks forward. Two appenders (as two processes would be) writing
 * at once, with repeated sources, leave one unbroken chain with each source
 * once.
 */
describe('audit chain: appenders in several processes at once', () => {
  let engine: TestEngine;
  let appenders: AuditService[];

  beforeAll(async () => {
    engine = await startEngine();
    const app = engine.app;
    // a second service instance has its own tip and queue, like another worker process
    const second = new AuditService(app.get<Clock>(CLOCK), app.get<Model<AuditRecord>>(getModelToken(AUDIT)),
      app.get<Model<AuditHeadRecord>>(getModelToken(AUDIT_HEAD)), new EffectHandlers());
    appenders = [app.get(AuditService), second];
  });
  afterAll(() => engine.close());

  const chainOf = (tenantId: string) => engine.db.collection('audit').find({ tenantId }).sort({ seq: 1 }).toArray();

  it('stores each source once, in one chain without gaps, when 300 lines (60 of them repeats) arrive at two appenders at once', async () => {
    const tenantId = 'chain-race';
    const lines = Array.from({ length: 300 }, (_, i) => ({ source: `source-${i % 240}`, by: appenders[i % 2]! }));
    await Promise.all(lines.map(({ source, by }, i) =>
      by.record({ tenantId, id: 'racer', kind: 'system' }, 'test.raced', { type: 'test', id: String(i) }, null, { i }, source)));
    const chain = await chainOf(tenantId);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(new Set(chain.map((e) => e.sourceId)).size).toBe(240);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    const head = await engine.db.collection('audit_heads').findOne({ tenantId });
    // the head is a hint that moves every 64 lines and never past the chain
    expect(head!.seq).toBeGreaterThanOrEqual(64);
    expect(head!.seq).toBeLessThanOrEqual(240);
  });

  it('goes on from the chain another process extended, when its own tip is old', async () => {
    const tenantId = 'chain-handover';
    const [first, second] = appenders as [AuditService, AuditService];
    await first.record({ tenantId, id: 'a', kind: 'system' }, 'test.one', { type: 'test', id: '1' }, null, null, 'one');
    await second.record({ tenantId, id: 'b', kind: 'system' }, 'test.two', { type: 'test', id: '2' }, null, null, 'two');
    await second.record({ tenantId, id: 'b', kind: 'system' }, 'test.three', { type: 'test', id: '3' }, null, null, 'three');
    // the first appender still thinks seq 1 is the tip
    await first.record({ tenantId, id: 'a', kind: 'system' }, 'test.four', { type: 'test', id: '4' }, null, null, 'four');
    await first.record({ tenantId, id: 'a', kind: 'system' }, 'test.again', { type: 'test', id: '2' }, null, null, 'two');
    const chain = await chainOf(tenantId);
    expect(chain.map((e) => [e.seq, e.sourceId])).toEqual([[1, 'one'], [2, 'two'], [3, 'three'], [4, 'four']]);
    expect(chain[3]!.prevHash).toBe(chain[2]!.hash);
  });
});
