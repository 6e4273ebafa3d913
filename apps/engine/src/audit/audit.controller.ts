import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { query } from '../api/schema.pipe';
import { Actor, Roles, type Identity } from '../auth/identity';
import { isSuperAdmin } from '../org/org.service';
import { PeopleService } from '../org/people.service';
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

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly people: PeopleService,
  ) {}

  @Get()
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Audit entries, newest first, filtered by actor, record, action and time' })
  list(@Actor() actor: Identity, @Query(query(ListQuery)) q: Static<typeof ListQuery>) {
    return this.audit.list(actor, q);
  }

  @Get('verify')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Checks the hash chain; lists every changed, unlinked or missing entry' })
  verify(@Actor() actor: Identity) {
    return this.audit.verify(actor);
  }

  @Get('export')
  @Heavy()
  @Roles('superAdmin', 'deptAdmin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'CSV export; e-mails and phone numbers masked unless a super admin asks for them. A department admin gets only what concerns their subtrees: their departments, and the people there (what they did and what was done to them)' })
  async export(@Actor() actor: Identity, @Query(query(ExportQuery)) q: Static<typeof ExportQuery>) {
    const scope = isSuperAdmin(actor) ? null : await this.people.administeredBy(actor);
    return this.audit.exportCsv(actor, q, q.unmasked && isSuperAdmin(actor), scope);
  }
}
