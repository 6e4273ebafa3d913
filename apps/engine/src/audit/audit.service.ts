import { Injectable, Inject, type OnModuleInit } from '@nestjs/common';
import { EffectHandlers } from '../effects/effect-handlers.service';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomUUID } from 'node:crypto';
import type { FilterQuery, Model } from 'mongoose';
import { csvCell } from '../api/csv';
import type { Identity } from '../auth/identity';
import { DomainError } from '../api/domain-error';
import { AUDIT, AUDIT_HEAD, type AuditHeadRecord, type AuditRecord } from './audit.schema';
import { isDuplicateKey } from '../database/errors';

const GENESIS = '0'.repeat(64);
// enough places for a burst of writers of one tenant's chain
const MAX_APPENDS = 200;

type Tip = { seq: number; hash: string };

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
export class AuditService implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(AUDIT) private readonly entries: Model<AuditRecord>,
    @InjectModel(AUDIT_HEAD) private readonly heads: Model<AuditHeadRecord>,
    private readonly handlers: EffectHandlers,
  ) {}

  /** An event's audit line, written by a worker: the effect id is the source, so a retried job records nothing twice. */
  onModuleInit(): void {
    this.handlers.on('audit', 'audit', async (effects, event) => {
      for (const e of effects) {
        await this.record({ tenantId: event.tenantId, id: e.actor, kind: e.actorKind, ip: e.ip }, e.action, { type: 'instance', id: event.instanceId }, e.from, e.to, e.id);
      }
    });
  }

  /**
   * Records what an identity did; `sourceId` makes a repeated call a no-op.
   *
   * Appends without a lock: the unique (tenantId, seq) index lets exactly one
   * writer take each place in the chain. A writer tries the place after the
   * head; one that loses it walks forward by exact lookups of seq + 1 (the
   * head may lag the chain by the entries whose writers have not moved it
   * yet) and tries the next place.
   */
  async record(who: Identity | AuditActor, action: string, record: { type: string; id: string }, from: unknown, to: unknown, sourceId: string = randomUUID()) {
    const actor: AuditActor = 'userId' in who ? { tenantId: who.tenantId, id: who.userId, kind: who.kind, ip: who.ip } : who;
    let tip = await this.head(actor.tenantId);
    for (let attempt = 1; attempt <= MAX_APPENDS; attempt++) {
      // first try the place after the head (usually free); walk forward only after losing it
      if (attempt > 1) tip = await this.newest(actor.tenantId, tip);
      const entry = {
        tenantId: actor.tenantId, seq: (tip?.seq ?? 0) + 1, id: randomUUID(), sourceId, actor: actor.id, actorKind: actor.kind,
        action, recordType: record.type, recordId: record.id, from: plain(from), to: plain(to), at: this.clock.now(), ip: actor.ip ?? null,
        prevHash: tip?.hash ?? GENESIS,
      };
      const hash = hashOf(entry);
      try {
        await this.entries.create({ ...entry, hash });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // the same source recorded before (a retried effect): nothing to add
        if (await this.entries.exists({ tenantId: actor.tenantId, sourceId })) return;
        continue;
      }
      // the head only moves forward: a slower writer of an older entry matches nothing,
      // and its upsert then meets the unique tenantId (E11000), which is that same outcome
      await this.heads.updateOne({ tenantId: actor.tenantId, seq: { $lt: entry.seq } }, { $set: { seq: entry.seq, hash } }, { upsert: true })
        .catch((error) => { if (!isDuplicateKey(error)) throw error; });
      return;
    }
    throw new DomainError('conflict', 'the audit log is busy with other changes; try again');
  }

  /** The head document, or the chain's newest entry when there is no head yet. */
  private async head(tenantId: string): Promise<Tip | null> {
    const head = await this.heads.findOne({ tenantId }).select({ seq: 1, hash: 1 }).lean();
    return head ?? this.entries.findOne({ tenantId }).sort({ seq: -1 }).select({ seq: 1, hash: 1 }).lean();
  }

  /** The newest entry at or after `tip`, found by exact lookups of the next place. */
  private async newest(tenantId: string, tip: Tip | null): Promise<Tip | null> {
    for (;;) {
      const next = await this.entries.findOne({ tenantId, seq: (tip?.seq ?? 0) + 1 }).select({ seq: 1, hash: 1 }).lean();
      if (!next) return tip;
      tip = next;
    }
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

  /** CSV of the filtered entries, within `scope` when given; emails and phone numbers masked unless `unmasked`. */
  async exportCsv(actor: Identity, filter: AuditFilter, unmasked: boolean, scope: { departments: string[]; people: string[] } | null = null): Promise<string> {
    const query = this.query(actor.tenantId, filter);
    if (scope) {
      query.$or = [
        { actor: { $in: scope.people } },
        { recordType: 'user', recordId: { $in: scope.people } },
        { recordType: 'department', recordId: { $in: scope.departments } },
      ];
    }
    const rows = await this.entries.find(query).sort({ seq: 1 }).limit(100_000).lean();
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
