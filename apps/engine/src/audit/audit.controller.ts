import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { Response } from 'express';
import { Instant, Nullable, Page, Reply, ValidQuery } from '../api/contract';
import { Actor, isSuperAdmin, Roles, type Identity } from '../auth/identity';
import { AUDIT_SCOPES, type AuditScopes } from './audit.ports';
import { AuditService } from './audit.service';
import { Heavy } from '../auth/rate-limits';

const Filter = {
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  recordType: Type.Optional(Type.String({ maxLength: 50 })),
  recordId: Type.Optional(Type.String({ maxLength: 200 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};
const ListQuery = Type.Object(Filter, { additionalProperties: false });
const ExportQuery = Type.Object({ ...Filter, unmasked: Type.Boolean({ default: false, description: 'super admins only: e-mails and phone numbers in clear' }) }, { additionalProperties: false });
const Entry = Type.Object({
  seq: Type.Integer({ minimum: 1 }), id: Type.String(), at: Instant, actor: Type.String(), actorKind: Type.String(), action: Type.String(),
  record: Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: false }), from: Type.Unknown(), to: Type.Unknown(),
  ip: Nullable(Type.String()), hash: Type.String(),
}, { additionalProperties: false });
const Verified = Type.Object({
  ok: Type.Boolean(), checked: Type.Integer({ minimum: 0 }),
  broken: Type.Array(Type.Object({ id: Type.String(), seq: Type.Integer(), reason: Type.String() }, { additionalProperties: false })),
}, { additionalProperties: false });

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @Inject(AUDIT_SCOPES) private readonly people: AuditScopes,
  ) {}

  @Get()
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Audit entries, newest first, filtered by actor, record, action and time' })
  @Reply(Page(Entry))
  list(@Actor() actor: Identity, @ValidQuery(ListQuery) q: Static<typeof ListQuery>) {
    return this.audit.list(actor, q);
  }

  @Get('verify')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Checks the hash chain; lists every changed, unlinked or missing entry' })
  @Reply(Verified)
  verify(@Actor() actor: Identity) {
    return this.audit.verify(actor);
  }

  @Get('export')
  @Heavy()
  @Roles('superAdmin', 'deptAdmin')
  @ApiOperation({ summary: 'CSV export; e-mails and phone numbers masked unless a super admin asks for them. A department admin gets only what concerns their subtrees: their departments, and the people there (what they did and what was done to them)' })
  @Reply(undefined, { media: 'csv' })
  async export(@Actor() actor: Identity, @ValidQuery(ExportQuery) q: Static<typeof ExportQuery>, @Res({ passthrough: true }) res: Response) {
    const scope = isSuperAdmin(actor) ? null : await this.people.administeredBy(actor);
    const csv = await this.audit.exportCsv(actor, q, q.unmasked && isSuperAdmin(actor), scope);
    // set only once there is a CSV: an error is answered as JSON problem details
    res.type('text/csv; charset=utf-8');
    return csv;
  }
}
