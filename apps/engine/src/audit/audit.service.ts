import { Injectable, Inject, type OnModuleInit } from '@nestjs/common';
import { EffectHandlers } from '../effects/effect-handlers.service';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { createHash, randomUUID } from 'node:crypto';
import type { MongoBulkWriteError } from 'mongodb';
import type { FilterQuery, Model } from 'mongoose';
import { csvCell } from '../api/csv';
import type { Identity } from '../auth/identity';
import { DomainError } from '../api/domain-error';
import { AUDIT, AUDIT_HEAD, type AuditHeadRecord, type AuditRecord } from './audit.schema';
import { isDuplicateKey } from '../database/errors';

const GENESIS = '0'.repeat(64);
// enough places for a burst of writers of one tenant's chain
const MAX_APPENDS = 200;
// lines appended in one insert at most
const APPEND_BATCH = 100;
// the head document moves after this many lines
const HEAD_EVERY = 64;

type Tip = { seq: number; hash: string };
type Line = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;
interface Waiting {
  line: Line;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One tenant's chain as this process knows it: the tip (undefined: unknown), and the lines waiting to be appended. */
class Chain {
  tip: Tip | null | undefined = undefined;
  headSeq = 0;
  busy = false;
  readonly waiting: Waiting[] = [];
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
export class AuditService implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(AUDIT) private readonly entries: Model<AuditRecord>,
    @InjectModel(AUDIT_HEAD) private readonly heads: Model<AuditHeadRecord>,
    private readonly handlers: EffectHandlers,
  ) {}

  private readonly chains = new Map<string, Chain>();

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
   * Resolves once the line is stored.
   *
   * Appends without a lock: the unique (tenantId, seq) index lets exactly one
   * writer take each place in the chain. This process keeps its tenant's tip
   * and appends every line waiting meanwhile in one ordered insert, so a
   * line usually costs one command shared with others. A writer that loses
   * a place (another process took it) walks forward by exact lookups of
   * seq + 1 and tries again.
   */
  record(who: Identity | AuditActor, action: string, record: { type: string; id: string }, from: unknown, to: unknown, sourceId: string = randomUUID()): Promise<void> {
    const actor: AuditActor = 'userId' in who ? { tenantId: who.tenantId, id: who.userId, kind: who.kind, ip: who.ip } : who;
    const line: Line = {
      tenantId: actor.tenantId, id: randomUUID(), sourceId, actor: actor.id, actorKind: actor.kind,
      action, recordType: record.type, recordId: record.id, from: plain(from), to: plain(to), at: this.clock.now(), ip: actor.ip ?? null,
    };
    const chain = this.chains.get(actor.tenantId) ?? new Chain();
    this.chains.set(actor.tenantId, chain);
    return new Promise<void>((resolve, reject) => {
      chain.waiting.push({ line, resolve, reject });
      if (!chain.busy) void this.drain(actor.tenantId, chain);
    });
  }

  /** Appends what waits in the chain's queue, in batches, until it is empty. */
  private async drain(tenantId: string, chain: Chain): Promise<void> {
    chain.busy = true;
    try {
      while (chain.waiting.length > 0) {
        const batch = chain.waiting.splice(0, APPEND_BATCH);
        try {
          await this.append(tenantId, chain, batch);
        } catch (error) {
          // what this process knew of the tip may be wrong now: read it again next time
          chain.tip = undefined;
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      chain.busy = false;
    }
  }

  /** Stores the batch in order after the tip; settles each waiting caller. */
  private async append(tenantId: string, chain: Chain, batch: Waiting[]): Promise<void> {
    let rest = batch;
    for (let attempt = 1; rest.length > 0; attempt++) {
      if (attempt > MAX_APPENDS) throw new DomainError('conflict', 'the audit log is busy with other changes; try again');
      chain.tip ??= await this.newest(tenantId, await this.head(tenantId));
      const entries = chained(chain.tip, rest.map((w) => w.line));
      let stored = entries.length;
      try {
        await this.entries.collection.insertMany(entries, { ordered: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        stored = firstFailed(error);
      }
      if (stored > 0) chain.tip = { seq: entries[stored - 1]!.seq, hash: entries[stored - 1]!.hash };
      for (const w of rest.slice(0, stored)) w.resolve();
      rest = rest.slice(stored);
      if (rest.length === 0) break;
      // the first line not stored: recorded before (a retried effect: nothing to add), or its place was taken
      const [refused] = rest;
      if (await this.entries.exists({ tenantId, sourceId: refused!.line.sourceId })) {
        refused!.resolve();
        rest = rest.slice(1);
      } else {
        chain.tip = await this.newest(tenantId, chain.tip);
      }
    }
    await this.moveHead(tenantId, chain);
  }

  /**
   * The head document is a hint for a process starting to append: it is
   * moved every HEAD_EVERY lines (not with each), and the chain is walked
   * forward from it. It only moves forward: a slower writer of an older
   * entry matches nothing, and its upsert then meets the unique tenantId
   * (E11000), which is that same outcome.
   */
  private async moveHead(tenantId: string, chain: Chain): Promise<void> {
    const tip = chain.tip;
    if (!tip || tip.seq - chain.headSeq < HEAD_EVERY) return;
    chain.headSeq = tip.seq;
    await this.heads.updateOne({ tenantId, seq: { $lt: tip.seq } }, { $set: { seq: tip.seq, hash: tip.hash } }, { upsert: true })
      .catch((error) => { if (!isDuplicateKey(error)) throw error; });
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

/** The lines in order after `tip`, each linked to the one before. */
function chained(tip: Tip | null, lines: Line[]): AuditRecord[] {
  let previous = { seq: tip?.seq ?? 0, hash: tip?.hash ?? GENESIS };
  return lines.map((line) => {
    const entry = { ...line, seq: previous.seq + 1, prevHash: previous.hash };
    const stored = { ...entry, hash: hashOf(entry) };
    previous = stored;
    return stored;
  });
}

/** How many of an ordered insert's documents were stored before the first refused one. */
function firstFailed(error: unknown): number {
  const errors = (error as MongoBulkWriteError).writeErrors;
  const list = errors === undefined ? [] : Array.isArray(errors) ? errors : [errors];
  // a single insert's error carries no index: nothing was stored
  return list.length > 0 ? Math.min(...list.map((e) => e.index)) : 0;
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
