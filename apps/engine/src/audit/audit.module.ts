import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AUDIT, AUDIT_HEAD, AuditHeadSchema, AuditSchema } from './audit.schema';

@Global()
@Module({ imports: [MongooseModule.forFeature([{ name: AUDIT, schema: AuditSchema }, { name: AUDIT_HEAD, schema: AuditHeadSchema }]), EffectsModule, PeopleModule], controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
