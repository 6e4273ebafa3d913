import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AUDIT_TRAIL } from '../auth/audit-trail.ports';
import { EffectsModule } from '../effects/effects.module';
import { AuditController } from './audit.controller';
import { AUDIT_SCOPES, type AuditScopes } from './audit.ports';
import { AuditService } from './audit.service';
import { AUDIT, AUDIT_HEAD, AuditHeadSchema, AuditSchema } from './audit.schema';

/** The audit log; global, as every domain records to it (auth through its AUDIT_TRAIL port). */
@Global()
@Module({})
export class AuditModule {
  /** The log with what a department admin's export may show: `scopes`, a provider of `module` (org's people, bound by app.module.ts). */
  static with(module: Type, scopes: Type<AuditScopes>): DynamicModule {
    return {
      module: AuditModule,
      imports: [MongooseModule.forFeature([{ name: AUDIT, schema: AuditSchema }, { name: AUDIT_HEAD, schema: AuditHeadSchema }]), EffectsModule, module],
      controllers: [AuditController],
      providers: [AuditService, { provide: AUDIT_TRAIL, useExisting: AuditService }, { provide: AUDIT_SCOPES, useExisting: scopes }],
      exports: [AuditService, AUDIT_TRAIL],
    };
  }
}
