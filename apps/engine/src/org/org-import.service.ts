import { Injectable } from '@nestjs/common';
import { passwordWeakness } from './password-policy';
import { InjectModel } from '@nestjs/mongoose';
import { Type, type TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import bcrypt from 'bcryptjs';
import { parse } from 'csv-parse/sync';
import type { Model } from 'mongoose';
import { InvalidInput } from '../api/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Identity } from '../auth/identity';
import { ORG_ID } from './org.dto';
import { NOT_ACCEPTED, problemsFromAjv, ROLE_CODE_PATTERN, WORDS } from '@baton/dsl';
import { emptyOr, PHONE, shaped } from '../api/shaped-text';
import { RolesService } from './roles.service';
import { DEPARTMENT, MAX_DEPTH, USER, type DepartmentRecord, type UserRecord } from './org.schema';

interface Row {
  line: number;
  values: Record<string, string>;
}
type Problem = { pointer: string; message: string };

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
addFormats(ajv);
const Id = shaped(ORG_ID, WORDS.id);
const List = shaped(`^$|^(${ORG_ID.slice(1, -1)})(;(${ORG_ID.slice(1, -1)}))*$`, 'must be ids separated by ";", each of letters, digits, ".", "_" or "-"');
const DepartmentRow = ajv.compile(Type.Object({ id: Id, name: Type.String({ minLength: 1 }), parentId: Type.Optional(Type.Union([Type.Literal(''), Id])), headId: Type.Optional(Type.Union([Type.Literal(''), Id])) }, { additionalProperties: false }) as TSchema);
const UserRow = ajv.compile(Type.Object({
  id: Id, email: Type.String({ format: 'email' }), name: Type.String({ minLength: 1 }),
  phone: Type.Optional(emptyOr(PHONE, WORDS.phone)), departments: Type.Optional(List), managerId: Type.Optional(Type.Union([Type.Literal(''), Id])),
  roles: Type.Optional(shaped('^$|^(member|superAdmin)(;(member|superAdmin))*$', 'must be member, superAdmin or both, separated by ";"')), adminOf: Type.Optional(List),
  password: Type.Optional(emptyOr('^.{10,200}$', 'must be 10 to 200 characters')),
}, { additionalProperties: false }) as TSchema);
const HolderRow = ajv.compile(Type.Object({
  role: shaped(ROLE_CODE_PATTERN, WORDS.roleCode), userId: Id, departmentId: Type.Optional(Type.Union([Type.Literal(''), Id])),
}, { additionalProperties: false }) as TSchema);

/**
 * CSV import of departments and people: every bad row is reported by line
 * number, and nothing is imported while any row is bad.
 */
@Injectable()
export class OrgImportService {
  constructor(
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
  ) {}

  /** Role holders from CSV (columns role,userId,departmentId): every row checked like one added by hand; all rows or none. */
  async importRoleHolders(actor: Identity, csv: string, dryRun = false) {
    const rows = this.rows(csv, HolderRow);
    const requests = rows.valid.map((row) => ({ role: row.values.role!, userId: row.values.userId!, departmentId: row.values.departmentId || null }));
    const checked = await this.roles.check(actor, requests);
    this.refuse([...rows.problems, ...rows.valid.flatMap((row, i) => checked[i]!.map((p) => at(row, p.field, p.message)))]);
    if (dryRun) return preview(requests.length);
    await this.roles.insertHoldings(actor, requests);
    return { imported: requests.length };
  }

  async importDepartments(actor: Identity, csv: string, dryRun = false) {
    const rows = this.rows(csv, DepartmentRow);
    const existing = new Map((await this.departments.find({ tenantId: actor.tenantId }).lean()).map((d) => [d.id, d]));
    const problems: Problem[] = [];
    const byId = new Map<string, Row>();
    for (const row of rows.valid) {
      const id = row.values.id!;
      if (existing.has(id) || byId.has(id)) problems.push(at(row, 'id', `department "${id}" already exists${byId.has(id) ? ` (line ${byId.get(id)!.line})` : ''}`));
      else byId.set(id, row);
    }
    // levels and ancestors, following parents through the database and the file
    const placed = new Map<string, { level: number; ancestors: string[] }>([...existing].map(([id, d]) => [id, { level: d.level, ancestors: d.ancestors }]));
    const place = (row: Row, trail: string[]): { level: number; ancestors: string[] } | null => {
      const id = row.values.id!;
      if (placed.has(id)) return placed.get(id)!;
      const parentId = row.values.parentId || null;
      if (!parentId) return remember(id, { level: 1, ancestors: [] });
      if (trail.includes(parentId)) {
        problems.push(at(row, 'parentId', `departments ${[...trail, parentId].join(' → ')} form a cycle`));
        return null;
      }
      const parentRow = byId.get(parentId);
      const parent = placed.get(parentId) ?? (parentRow ? place(parentRow, [...trail, id]) : null);
      if (!parent) {
        if (!parentRow) problems.push(at(row, 'parentId', `unknown department "${parentId}"`));
        return null;
      }
      if (parent.level >= MAX_DEPTH) problems.push(at(row, 'parentId', `would be level ${parent.level + 1}; departments are at most ${MAX_DEPTH} levels deep`));
      return remember(id, { level: parent.level + 1, ancestors: [...parent.ancestors, parentId] });
    };
    const remember = (id: string, p: { level: number; ancestors: string[] }) => (placed.set(id, p), p);
    for (const row of byId.values()) place(row, [row.values.id!]);
    const headIds = [...byId.values()].map((r) => r.values.headId).filter((h): h is string => Boolean(h));
    const heads = new Set((await this.users.find({ tenantId: actor.tenantId, id: { $in: headIds } }).lean()).map((u) => u.id));
    for (const row of byId.values()) if (row.values.headId && !heads.has(row.values.headId)) problems.push(at(row, 'headId', `unknown user "${row.values.headId}"`));
    this.refuse([...rows.problems, ...problems]);

    const docs = [...byId.values()].map((row) => ({
      tenantId: actor.tenantId, id: row.values.id!, name: row.values.name!, parentId: row.values.parentId || null,
      headId: row.values.headId || null, ...placed.get(row.values.id!)!,
    }));
    if (dryRun) return preview(docs.length);
    await this.insertAll(this.departments, actor.tenantId, docs);
    await this.audit.record(actor, 'departments.imported', { type: 'department', id: '*' }, null, { count: docs.length });
    return { imported: docs.length };
  }

  async importUsers(actor: Identity, csv: string, dryRun = false) {
    const rows = this.rows(csv, UserRow);
    const problems: Problem[] = [];
    const split = (v?: string) => (v ? v.split(';') : []);
    const [existingUsers, departments] = await Promise.all([
      this.users.find({ tenantId: actor.tenantId }).select({ id: 1, email: 1, managerId: 1 }).lean(),
      this.departments.find({ tenantId: actor.tenantId }).select({ id: 1 }).lean(),
    ]);
    const knownDepartments = new Set(departments.map((d) => d.id));
    const ids = new Map(existingUsers.map((u) => [u.id, 0]));
    const emails = new Map(existingUsers.map((u) => [u.email, 0]));
    for (const row of rows.valid) {
      const { id, email } = row.values as { id: string; email: string };
      if (ids.has(id)) problems.push(at(row, 'id', `user "${id}" already exists${ids.get(id) ? ` (line ${ids.get(id)})` : ''}`));
      if (emails.has(email.toLowerCase())) problems.push(at(row, 'email', `"${email}" is already used${emails.get(email.toLowerCase()) ? ` (line ${emails.get(email.toLowerCase())})` : ''}`));
      ids.set(id, row.line);
      emails.set(email.toLowerCase(), row.line);
      for (const d of [...split(row.values.departments), ...split(row.values.adminOf)]) {
        if (!knownDepartments.has(d)) problems.push(at(row, row.values.departments?.split(';').includes(d) ? 'departments' : 'adminOf', `unknown department "${d}"`));
      }
      const weakness = row.values.password ? passwordWeakness(row.values.password, [email, row.values.name ?? '', id]) : null;
      if (weakness) problems.push(at(row, 'password', weakness));
      const manager = row.values.managerId;
      if (manager && (manager === id || !ids.has(manager) && !rows.valid.some((r) => r.values.id === manager))) {
        problems.push(at(row, 'managerId', manager === id ? 'a person cannot be their own manager' : `unknown user "${manager}"`));
      }
    }
    this.refuse([...rows.problems, ...problems]);
    // a preview neither hashes passwords nor saves: every check above is all it does
    if (dryRun) return preview(rows.valid.length);

    const docs = await Promise.all(rows.valid.map(async (row) => ({
      tenantId: actor.tenantId, id: row.values.id!, email: row.values.email!.toLowerCase(), name: row.values.name!,
      phone: row.values.phone || null, departments: split(row.values.departments), managerId: row.values.managerId || null,
      roles: (split(row.values.roles).length > 0 ? split(row.values.roles) : ['member']) as UserRecord['roles'], adminOf: split(row.values.adminOf),
      passwordHash: row.values.password ? await bcrypt.hash(row.values.password, 10) : null, active: true, deactivatedAt: null,
    })));
    await this.insertAll(this.users, actor.tenantId, docs);
    await this.audit.record(actor, 'users.imported', { type: 'user', id: '*' }, null, { count: docs.length });
    return { imported: docs.length };
  }

  private rows(csv: string, check: ReturnType<typeof ajv.compile>): { valid: Row[]; problems: Problem[] } {
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
    } catch (error) {
      throw new InvalidInput([{ pointer: '/body/csv', message: `not CSV: ${(error as Error).message}` }]);
    }
    const valid: Row[] = [];
    const problems: Problem[] = [];
    for (const { record, info } of records) {
      const values = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
      const row = { line: info.lines, values };
      if (check(values)) valid.push(row);
      // a row's fields are its columns: an unaccepted property is a column nobody knows
      else for (const p of problemsFromAjv(check.errors)) problems.push(at(row, p.pointer.slice(1), p.message === NOT_ACCEPTED ? 'is not a known column' : p.message));
    }
    if (records.length === 0) problems.push({ pointer: '/body/csv', message: 'has a header but no rows' });
    return { valid, problems };
  }

  private refuse(problems: Problem[]): void {
    if (problems.length > 0) throw new InvalidInput(problems.sort((a, b) => lineOf(a) - lineOf(b)), `nothing was imported; ${new Set(problems.map(lineOf)).size} line(s) have problems`);
  }

  /** All or nothing without transactions: on a failed insert, what got in is taken out again. */
  private async insertAll<R>(model: Model<R>, tenantId: string, docs: Array<Partial<R> & { id: string }>): Promise<void> {
    try {
      await model.insertMany(docs, { ordered: true });
    } catch (error) {
      // only what this call inserted (mongoose lists it on the error), never a record that was there before
      const inserted = ((error as { insertedDocs?: Array<{ id: string }> }).insertedDocs ?? []).map((d) => d.id);
      if (inserted.length > 0) await model.deleteMany({ tenantId, id: { $in: inserted } } as never);
      throw error;
    }
  }
}

/** The answer of a dry run: every line passed, nothing saved. */
function preview(rows: number): { imported: number; dryRun: true } {
  return { imported: rows, dryRun: true };
}

function at(row: Row, field: string, message: string): Problem {
  return { pointer: `/csv/${row.line}/${field}`, message: `line ${row.line}: ${field} ${message}` };
}

function lineOf(p: Problem): number {
  return Number(p.pointer.split('/')[2] ?? 0);
}
