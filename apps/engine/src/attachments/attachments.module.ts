import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ATTACHMENT, AttachmentSchema } from './attachment.schema';
import { AttachmentsService } from './attachments.service';

@Module({ imports: [MongooseModule.forFeature([{ name: ATTACHMENT, schema: AttachmentSchema }])], providers: [AttachmentsService], exports: [AttachmentsService] })
export class AttachmentsModule {}
