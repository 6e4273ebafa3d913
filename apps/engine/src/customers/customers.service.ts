import { createHash } from 'node:crypto';
import { Injectable, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import { ajvMessage, audienceProblems, WORDS, type Audience, type AudienceCondition } from '@baton/dsl';
import { emptyOr, PHONE, shaped } from '../api/shaped-text';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import type { FilterQuery, Model } from 'mongoose';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import { PeopleService } from '../org/people.service';
import { isSuperAdmin, type Identity } from '../auth/identity';
import { isDuplicateKey } from '../database/errors';
import { DomainEvents, type DomainEvent } from '../effects/domain-events.service';
import { CUSTOMER, type CustomerRecord } from './customer.schema';
import { CUSTOMER_ID, type CustomerBody, type CustomerPatch } from './customers.dto';

type Problem = { pointer: string; message: string };
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const ImportRow = ajv.compile(Type.Object({
  id: shaped(CUSTOMER_ID, WORDS.id), name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(emptyOr('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', WORDS.email)),
  phone: Type.Optional(emptyOr(PHONE, WORDS.phone)),
  owner: Type.Optional(Type.String({ maxLength: 64 })), source: Type.Optional(Type.String({ maxLength: 64 })), region: Type.Optional(Type.String({ maxLength: 64 })),
  tags: Type.Optional(shaped('^$|^[^$.\\s;][^\\s;]{0,63}(;[^$.\\s;][^\\s;]{0,63})*$', 'must be tags separated by ";", each without spaces and not starting with "$" or "."')),
}, { additionalProperties: Type.String({ maxLength: 1000 }) }) as TSchema);
const ATTRIBUTE_COLUMN = /^attr\.([A-Za-z][A-Za-z0-9_]{0,63})$/;
const KNOWN_COLUMNS = new Set(['id', 'name', 'email', 'phone', 'owner', 'source', 'region', 'tags']);

export class CustomerExists extends DomainError {
  constructor(id: string) {
    super('conflict', `customer "${id}" already exists`, [{ pointer: '/body/id', message: `customer "${id}" already exists` }]);
  }
}

@Injectable()
export class CustomersService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CUSTOMER) private readonly customers: Model<CustomerRecord>,
    private readonly domainEvents: DomainEvents,
    private readonly people: PeopleService,
  ) {}

  /**
   * Whose customers the actor may read and change, as office-suite CRMs
   * scope ownership: a member their own; a department admin also those owned
   * by anyone in the subtrees they administer; a super admin all (null).
   */
  async ownersVisibleTo(actor: Identity): Promise<string[] | null> {
    if (isSuperAdmin(actor)) return null;
    return [actor.userId, ...(await this.people.inSubtreesOf(actor))];
  }

  /** A customer the actor may see; 404 for one they may not, as for one that does not exist. */
  async findVisible(actor: Identity, id: string): Promise<CustomerRecord> {
    const owners = await this.ownersVisibleTo(actor);
    const record = await this.customers.findOne({ tenantId: actor.tenantId, id, ...(owners ? { owner: { $in: owners } } : {}) }).lean();
    if (!record) throw new NotFound('customer', id);
    return record;
  }

  /** A customer is given only to someone inside the giver's own scope: nobody hands records to where they cannot follow. */
  private async mustGive(actor: Identity, owner: string | null | undefined): Promise<void> {
    if (owner === undefined) return;
    const owners = await this.ownersVisibleTo(actor);
    if (owners && (owner === null || !owners.includes(owner))) {
      throw new DomainError('forbidden', `you may not give a customer to ${owner === null ? 'nobody' : `"${owner}"`}`, [{ pointer: '/body/owner', message: 'must be you or someone in the departments you administer' }]);
    }
  }

  async create(actor: Identity, body: Static<typeof CustomerBody>) {
    // a customer someone adds is theirs, unless a super admin says otherwise
    const owner = body.owner !== undefined || isSuperAdmin(actor) ? body.owner : actor.userId;
    await this.mustGive(actor, owner);
    const added = [addedEvent(actor.tenantId, [body.id])];
    await this.domainEvents.intend(actor.tenantId, added);
    let record: CustomerRecord;
    try {
      record = (await this.customers.create({ ...body, owner: owner ?? null, tags: body.tags ?? [], attributes: body.attributes ?? {}, tenantId: actor.tenantId, createdBy: actor.userId })).toObject();
    } catch (error) {
      if (isDuplicateKey(error)) throw new CustomerExists(body.id);
      throw error;
    }
    await this.domainEvents.dispatch(actor.tenantId, added);
    return view(record);
  }

  async get(actor: Identity, id: string) {
    return view(await this.findVisible(actor, id));
  }

  async find(tenantId: string, id: string): Promise<CustomerRecord> {
    const record = await this.customers.findOne({ tenantId, id }).lean();
    if (!record) throw new NotFound('customer', id);
    return record;
  }

  async list(actor: Identity, q: { tag?: string; owner?: string; limit: number; offset: number }) {
    const owners = await this.ownersVisibleTo(actor);
    const query: FilterQuery<CustomerRecord> = { tenantId: actor.tenantId, ...(q.tag ? { tags: q.tag } : {}) };
    query.owner = owners ? { $in: q.owner ? owners.filter((o) => o === q.owner) : owners } : q.owner;
    if (query.owner === undefined) delete query.owner;
    const [items, total] = await Promise.all([
      this.customers.find(query).skip(q.offset).limit(q.limit).lean(),
      this.customers.countDocuments(query),
    ]);
    return { items: items.map(view), total, limit: q.limit, offset: q.offset };
  }

  async update(actor: Identity, id: string, patch: Static<typeof CustomerPatch>) {
    await this.findVisible(actor, id);
    await this.mustGive(actor, patch.owner);
    const { addTags, removeTags, attributes, ...fields } = patch;
    const where = { tenantId: actor.tenantId, id };
    // each change is its own atomic operator, so two people editing one customer lose nothing of each other's
    const set = { ...fields, ...Object.fromEntries(Object.entries(attributes ?? {}).map(([k, v]) => [`attributes.${k}`, v])) };
    if (Object.keys(set).length > 0) await this.customers.updateOne(where, { $set: set });
    if (removeTags?.length) await this.customers.updateOne(where, { $pull: { tags: { $in: removeTags } } });
    if (addTags?.length) await this.customers.updateOne(where, { $addToSet: { tags: { $each: addTags } } });
    return this.get(actor, id);
  }

  /** The customer answered (an inbound message): cancels cadences that wait for it. */
  async replied(actor: Identity, id: string) {
    await this.findVisible(actor, id);
    await this.customers.updateOne({ tenantId: actor.tenantId, id, repliedAt: null }, { $set: { repliedAt: this.clock.now() } });
    return this.get(actor, id);
  }

  /** Customers of an audience, counted and the first `limit` of them. */
  async search(actor: Identity, audience: Audience, limit: number) {
    const problems = audienceProblems(audience);
    if (problems.length > 0) throw new InvalidInput(problems.map((p) => ({ pointer: `/body/audience${p.pointer}`, message: p.message })), 'invalid audience');
    const owners = await this.ownersVisibleTo(actor);
    const query = { ...audienceQuery(actor.tenantId, audience), ...(owners ? { owner: { $in: owners } } : {}) };
    const [items, total] = await Promise.all([limit > 0 ? this.customers.find(query).limit(limit).lean() : [], this.customers.countDocuments(query)]);
    return { total, items: items.map(view) };
  }

  /**
   * CSV import: every bad row is reported by its line, and nothing is
   * imported while any row is bad. Ids already taken count as bad rows.
   */
  async import(actor: Identity, csv: string) {
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false });
    } catch (error) {
      throw new InvalidInput([{ pointer: '/body/csv', message: (error as Error).message }], 'the CSV does not parse');
    }
    const problems: Problem[] = [];
    const header = Object.keys(records[0] ?? {});
    for (const column of header) {
      if (!KNOWN_COLUMNS.has(column) && !ATTRIBUTE_COLUMN.test(column)) problems.push({ pointer: '/body/csv/line/1', message: `unknown column "${column}"` });
    }
    if (!header.includes('id') || !header.includes('name')) problems.push({ pointer: '/body/csv/line/1', message: 'needs the columns id and name' });
    if (problems.length > 0) throw new InvalidInput(problems, 'the CSV has bad lines; nothing was imported');
    const ids = new Map<string, number>();
    const docs: Array<Omit<CustomerRecord, 'createdAt' | 'updatedAt'>> = [];
    records.forEach((row, i) => {
      const line = i + 2;
      if (!ImportRow(row)) {
        for (const e of ImportRow.errors ?? []) problems.push({ pointer: `/body/csv/line/${line}`, message: `${e.instancePath.slice(1) || 'row'}: ${ajvMessage(e)}` });
        return;
      }
      if (ids.has(row.id!)) {
        problems.push({ pointer: `/body/csv/line/${line}`, message: `id "${row.id}" repeats line ${ids.get(row.id!)}` });
        return;
      }
      ids.set(row.id!, line);
      const attributes: Record<string, string | number | boolean> = {};
      for (const [column, value] of Object.entries(row)) {
        const m = ATTRIBUTE_COLUMN.exec(column);
        if (m && value !== '') attributes[m[1]!] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' || value === 'false' ? value === 'true' : value;
      }
      docs.push({
        tenantId: actor.tenantId, id: row.id!, name: row.name!, email: row.email || null, phone: row.phone || null,
        owner: row.owner || null, source: row.source || null, region: row.region || null,
        tags: row.tags ? row.tags.split(';') : [], attributes, repliedAt: null, createdBy: actor.userId,
      });
    });
    if (ids.size > 0) {
      const taken = await this.customers.find({ tenantId: actor.tenantId, id: { $in: [...ids.keys()] } }).select({ id: 1 }).lean();
      for (const t of taken) problems.push({ pointer: `/body/csv/line/${ids.get(t.id)}`, message: `customer "${t.id}" already exists` });
    }
    if (problems.length > 0) {
      problems.sort((a, b) => lineOf(a) - lineOf(b));
      throw new InvalidInput(problems, 'the CSV has bad lines; nothing was imported');
    }
    const added = chunks(docs.map((d) => d.id), 1000).map((ids) => addedEvent(actor.tenantId, ids));
    await this.domainEvents.intend(actor.tenantId, added);
    for (let i = 0; i < docs.length; i += 1000) await this.customers.insertMany(docs.slice(i, i + 1000), { ordered: true });
    await this.domainEvents.dispatch(actor.tenantId, added);
    return { imported: docs.length };
  }
}

function lineOf(p: Problem): number {
  return Number(p.pointer.split('/').pop());
}

const OPS: Record<Exclude<AudienceCondition['op'], 'exists'>, string> = { eq: '$eq', ne: '$ne', in: '$in', nin: '$nin', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' };

/**
 * The database query of a checked audience. Only whitelisted field names and
 * plain values (strings, numbers, booleans, lists of them) get here; the
 * operators are ours, so user JSON never becomes a query.
 */
export function audienceQuery(tenantId: string, audience: Audience): FilterQuery<CustomerRecord> {
  const and: FilterQuery<CustomerRecord>[] = [];
  const t = audience.tags ?? {};
  if (t.all?.length) and.push({ tags: { $all: t.all } });
  if (t.any?.length) and.push({ tags: { $in: t.any } });
  if (t.none?.length) and.push({ tags: { $nin: t.none } });
  for (const c of audience.filter ?? []) {
    const value = c.field === 'createdAt' && typeof c.value === 'string' ? new Date(c.value) : c.value;
    and.push(c.op === 'exists'
      ? { [c.field]: c.value ? { $exists: true, $ne: null } : { $in: [null] } }
      : { [c.field]: { [OPS[c.op]]: value } });
  }
  return and.length > 0 ? { tenantId, $and: and } : { tenantId };
}

export function view(c: CustomerRecord) {
  return {
    id: c.id, name: c.name, email: c.email, phone: c.phone, owner: c.owner, source: c.source, region: c.region,
    tags: c.tags, attributes: c.attributes ?? {}, repliedAt: c.repliedAt, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/**
 * "Customers were added" (SOP cadences start from it): one event per create,
 * one per 1,000 imported; its id comes from the customers it names, so a
 * retried import records the same event.
 */
function addedEvent(tenantId: string, ids: string[]): DomainEvent {
  const digest = createHash('sha256').update(`${tenantId}\u0000${ids.join('\u0000')}`).digest('hex').slice(0, 32);
  return { id: `customer.added.${digest}`, type: 'customer.added', subject: ids[0]!, data: { customerIds: ids } };
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
