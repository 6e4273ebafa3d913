import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomUUID } from 'node:crypto';
import type { FilterQuery, Model } from 'mongoose';
import type { Identity } from '../auth/identity';
import { SerialLock } from '../effects/serial.lock';
import { AUDIT, AUDIT_HEAD, type AuditHeadRecord, type AuditRecord } from './audit.schema';
import { isDuplicateKey } from '../database/errors';

const GENESIS = '0'.repeat(64);
/** Most entries appended in one write. */
const MAX_BATCH = 200;

interface PendingFields {
  sourceId: string;
  actor: string;
  actorKind: AuditActor['kind'];
  action: string;
  recordType: string;
  recordId: string;
  from: unknown;
  to: unknown;
  at: Date;
  ip: string | null;
}

interface Pending {
  fields: PendingFields;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface AuditActor {
  tenantId: string;
  id: string;
  kind: 'user' | 'key' | 'system';
  ip?: string | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

/**
 * The append-only audit log. Each tenant's entries form a hash chain
 * (entry hash = sha256(previous hash + entry)), so an entry changed or deleted
 * in the database is found by verify().
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectModel(AUDIT) private readonly entries: Model<AuditRecord>,
    @InjectModel(AUDIT_HEAD) private readonly heads: Model<AuditHeadRecord>,
    private readonly lock: SerialLock,
  ) {}

  /** Entries waiting to be appended, per tenant; one flush at a time per tenant in this process. */
  private readonly pending = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();

  /**
   * Records what an identity did; `sourceId` makes a repeated call a no-op.
   * Entries that arrive while a tenant's chain is being appended wait and
   * are appended together: one lock, one head read, one insert and one head
   * update for the whole batch, instead of per entry. (The chain is one
   * sequence per tenant, so appending is serial; batching is what keeps it
   * from becoming every worker's bottleneck.)
   */
  record(who: Identity | AuditActor, action: string, record: { type: string; id: string }, from: unknown, to: unknown, sourceId: string = randomUUID()): Promise<void> {
    const actor: AuditActor = 'userId' in who ? { tenantId: who.tenantId, id: who.userId, kind: who.kind, ip: who.ip } : who;
    return new Promise<void>((resolve, reject) => {
      const queue = this.pending.get(actor.tenantId) ?? [];
      queue.push({ resolve, reject, fields: {
        sourceId, actor: actor.id, actorKind: actor.kind, action, recordType: record.type, recordId: record.id,
        from: plain(from), to: plain(to), at: new Date(), ip: actor.ip ?? null,
      } });
      this.pending.set(actor.tenantId, queue);
      if (!this.flushing.has(actor.tenantId)) void this.flush(actor.tenantId);
    });
  }

  private async flush(tenantId: string): Promise<void> {
    this.flushing.add(tenantId);
    try {
      for (;;) {
        const queue = this.pending.get(tenantId) ?? [];
        if (queue.length === 0) return;
        const batch = queue.splice(0, MAX_BATCH);
        try {
          await this.lock.run(`audit:${tenantId}`, () => this.append(tenantId, batch.map((b) => b.fields)));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing.delete(tenantId);
      if ((this.pending.get(tenantId) ?? []).length > 0) void this.flush(tenantId);
    }
  }

  /** Appends entries to the chain (under the tenant's audit lock), leaving out sources recorded before. */
  private async append(tenantId: string, batch: PendingFields[]): Promise<void> {
    const seen = new Set((await this.entries.find({ tenantId, sourceId: { $in: batch.map((b) => b.sourceId) } }).select({ sourceId: 1 }).lean()).map((e) => e.sourceId));
    const fresh = batch.filter((b, i) => !seen.has(b.sourceId) && batch.findIndex((o) => o.sourceId === b.sourceId) === i);
    if (fresh.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      const last = await this.head(tenantId, attempt > 1);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS;
      const rows = fresh.map((fields) => {
        const entry = { tenantId, seq: ++seq, id: randomUUID(), ...fields, prevHash };
        prevHash = hashOf(entry);
        return { ...entry, hash: prevHash };
      });
      try {
        await this.entries.insertMany(rows, { ordered: true });
      } catch (error) {
        // a head left behind by a crash (entries written, head not): read it from the chain itself, once
        if (!isDuplicateKey(error) || attempt >= 2) throw error;
        await this.entries.deleteMany({ tenantId, id: { $in: rows.map((r) => r.id) } });
        continue;
      }
      await this.heads.updateOne({ tenantId }, { $set: { seq, hash: prevHash } }, { upsert: true });
      return;
    }
  }

  /** The chain's newest entry, from the head document (or the chain itself when asked or when there is none). */
  private async head(tenantId: string, fromChain: boolean): Promise<{ seq: number; hash: string } | null> {
    if (!fromChain) {
      const head = await this.heads.findOne({ tenantId }).lean();
      if (head) return head;
    }
    return this.entries.findOne({ tenantId }).sort({ seq: -1 }).select({ seq: 1, hash: 1 }).lean();
  }

  async list(actor: Identity, filter: AuditFilter) {
    const query = this.query(actor.tenantId, filter);
    const [items, total] = await Promise.all([
      this.entries.find(query).sort({ seq: -1 }).skip(filter.offset).limit(filter.limit).lean(),
      this.entries.countDocuments(query),
    ]);
    return { items: items.map(view), total, limit: filter.limit, offset: filter.offset };
  }

  /** Walks the chain; every entry whose content, link or place is wrong is reported. */
  async verify(actor: Identity) {
    const broken: Array<{ id: string; seq: number; reason: string }> = [];
    let previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
    let checked = 0;
    for await (const e of this.entries.find({ tenantId: actor.tenantId }).sort({ seq: 1 }).lean().cursor()) {
      checked += 1;
      if (e.seq !== previous.seq + 1) broken.push({ id: e.id, seq: e.seq, reason: `entries ${previous.seq + 1}..${e.seq - 1} are missing` });
      else if (e.prevHash !== previous.hash) broken.push({ id: e.id, seq: e.seq, reason: 'does not link to the entry before it' });
      if (hashOf(e) !== e.hash) broken.push({ id: e.id, seq: e.seq, reason: 'its content was changed after it was written' });
      previous = { seq: e.seq, hash: e.hash };
    }
    return { ok: broken.length === 0, checked, broken };
  }

  /** CSV of the filtered entries; emails and phone numbers masked unless `unmasked`. */
  async exportCsv(actor: Identity, filter: AuditFilter, unmasked: boolean): Promise<string> {
    const rows = await this.entries.find(this.query(actor.tenantId, filter)).sort({ seq: 1 }).limit(100_000).lean();
    const header = ['seq', 'id', 'at', 'actor', 'actorKind', 'action', 'recordType', 'recordId', 'from', 'to', 'ip'];
    const shown = (v: unknown) => json(unmasked ? v : mask(v));
    // a failed sign-in records the e-mail typed as its actor and record: masked like the rest
    const who = (v: string) => (unmasked ? v : String(mask(v)));
    const lines = rows.map((e) => [e.seq, e.id, e.at.toISOString(), who(e.actor), e.actorKind, e.action, e.recordType, who(e.recordId),
      shown(e.from), shown(e.to), e.ip ?? ''].map((v) => csvCell(String(v))).join(','));
    return [header.join(','), ...lines].join('\n') + '\n';
  }

  private query(tenantId: string, f: AuditFilter): FilterQuery<AuditRecord> {
    const q: FilterQuery<AuditRecord> = { tenantId };
    if (f.actor) q.actor = f.actor;
    if (f.action) q.action = f.action;
    if (f.recordType) q.recordType = f.recordType;
    if (f.recordId) q.recordId = f.recordId;
    if (f.since || f.until) q.at = { ...(f.since ? { $gte: new Date(f.since) } : {}), ...(f.until ? { $lte: new Date(f.until) } : {}) };
    return q;
  }
}

function hashOf(e: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const content = JSON.stringify([e.seq, e.id, e.sourceId, e.actor, e.actorKind, e.action, e.recordType, e.recordId, e.from, e.to, new Date(e.at).toISOString(), e.ip, e.prevHash]);
  return createHash('sha256').update(e.prevHash).update(content).digest('hex');
}

/** Dates and the like become JSON, so the hash reads back what it wrote. */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function view(e: AuditRecord) {
  return {
    seq: e.seq, id: e.id, at: e.at, actor: e.actor, actorKind: e.actorKind, action: e.action,
    record: { type: e.recordType, id: e.recordId }, from: e.from, to: e.to, ip: e.ip, hash: e.hash,
  };
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks e-mail addresses (a***@example.com) anywhere and phone fields (***1234). */
export function mask(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (/phone|mobile/i.test(key)) return `***${value.replace(/\D/g, '').slice(-4)}`;
  return value.replace(EMAIL, '$1***@$2');
}
