import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ATTACHMENT, AttachmentSchema } from '../attachments/attachment.schema';
import { AUDIT, AUDIT_HEAD, AuditHeadSchema, AuditSchema } from '../audit/audit.schema';
import { DRAFT, DraftSchema, VERSION, VersionSchema } from '../definitions/definition.schema';
import { INSTANCE, InstanceSchema } from '../instances/instance.schema';
import { NOTIFICATION, NotificationSchema } from '../notifications/notification.schema';
import { SIGNATURE, SignatureSchema } from '../tasks/signature.schema';
import { TASK, TaskSchema } from '../tasks/task.schema';
import { JOB, JobSchema } from '../jobs/job.schema';
import { DELIVERY, DeliverySchema, IDEMPOTENCY, IdempotencySchema, SUBSCRIPTION, SubscriptionSchema } from '../webhooks/webhook.schema';

/** Every collection's model, registered once; each domain injects the ones it uses. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DRAFT, schema: DraftSchema },
      { name: VERSION, schema: VersionSchema },
      { name: INSTANCE, schema: InstanceSchema },
      { name: TASK, schema: TaskSchema },
      { name: AUDIT, schema: AuditSchema },
      { name: AUDIT_HEAD, schema: AuditHeadSchema },
      { name: NOTIFICATION, schema: NotificationSchema },
      { name: SIGNATURE, schema: SignatureSchema },
      { name: ATTACHMENT, schema: AttachmentSchema },
      { name: JOB, schema: JobSchema },
      { name: SUBSCRIPTION, schema: SubscriptionSchema },
      { name: DELIVERY, schema: DeliverySchema },
      { name: IDEMPOTENCY, schema: IdempotencySchema },
    ]),
  ],
  exports: [MongooseModule],
})
export class DatabaseModule {}
