import { Body, Controller, Get, Headers, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { Response } from 'express';
import { Instant, Reply, ValidParams, ValidQuery } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { InstancesService } from './instances.service';
import { AttachmentsService } from '../attachments/attachments.service';

const UploadQuery = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$', description: 'the file name' }) }, { additionalProperties: false });
const AttachmentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Attachment = Type.Object({
  id: Type.String({ format: 'uuid' }), name: Type.String(), type: Type.String(), size: Type.Integer({ minimum: 0 }), sha256: Type.String(), uploadedBy: Type.String(), createdAt: Instant,
}, { additionalProperties: false });
const Limits = Type.Object({ maxBytes: Type.Integer({ minimum: 0 }), types: Type.Array(Type.String()) }, { additionalProperties: false });

/** Attachments' API lives with instances: a download is allowed to whoever may see an instance the file is attached to, so attachments itself stays below instances. */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly instances: InstancesService,
  ) {}

  @Post()
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Upload a file (raw body, Content-Type = its type); 413 over the size limit, 415 for a type not accepted' })
  @Reply(Attachment, { errors: [413, 415] })
  upload(@Actor() actor: Identity, @ValidQuery(UploadQuery) q: Static<typeof UploadQuery>, @Headers('content-type') type: string | undefined, @Body() data: unknown) {
    return this.attachments.upload(actor, q.name, type, data);
  }

  @Get('limits')
  @ApiOperation({ summary: 'The largest file and the media types accepted, so a form can refuse a file before uploading it' })
  @Reply(Limits)
  limits() {
    return this.attachments.limits();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Download: for the uploader and the readers of the requests that name it' })
  @Reply(undefined, { media: 'file' })
  async download(@Actor() actor: Identity, @ValidParams(AttachmentParams) p: Static<typeof AttachmentParams>, @Res({ passthrough: true }) res: Response) {
    const file = await this.attachments.download(actor, p.id, (instanceId) => this.instances.get(actor, instanceId).then(() => true, () => false));
    res.setHeader('Content-Type', file.type);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('X-Content-SHA256', file.sha256);
    return new StreamableFile(file.data);
  }
}
