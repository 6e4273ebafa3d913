import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { FormField, Problem } from '@baton/dsl';
import { createHash, randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { ATTACHMENT, type AttachmentRecord } from './attachment.schema';

/**
 * Attachments: uploaded once (type and size checked, SHA-256 kept), then named
 * by attachment fields of a form. Their readers are the uploader and the
 * readers of the requests that name them.
 */
@Injectable()
export class AttachmentsService {
  private readonly types: Set<string>;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(ATTACHMENT) private readonly attachments: Model<AttachmentRecord>,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.types = new Set(config.ATTACHMENT_TYPES.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
  }

  limits() {
    return { maxBytes: this.config.ATTACHMENT_MAX_BYTES, types: [...this.types] };
  }

  async upload(actor: Identity, name: string, type: string | undefined, data: unknown) {
    const mediaType = (type ?? '').split(';')[0]!.trim().toLowerCase();
    if (!this.types.has(mediaType)) {
      throw new DomainError('unsupported', `attachments of type "${mediaType || 'none'}" are not accepted`, [{ pointer: '/headers/content-type', message: `must be one of: ${[...this.types].join(', ')}` }]);
    }
    if (!Buffer.isBuffer(data) || data.length === 0) throw new InvalidInput([{ pointer: '/body', message: 'the file is empty' }]);
    if (data.length > this.config.ATTACHMENT_MAX_BYTES) {
      throw new DomainError('too-large', `the file is larger than ${this.config.ATTACHMENT_MAX_BYTES} bytes`, [{ pointer: '/body', message: `must be at most ${this.config.ATTACHMENT_MAX_BYTES} bytes` }]);
    }
    const record = {
      tenantId: actor.tenantId, id: randomUUID(), name, type: mediaType, size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'), data, uploadedBy: actor.userId, instanceIds: [], createdAt: this.clock.now(),
    };
    await this.attachments.create(record);
    return view(record);
  }

  /** The file, for the uploader or someone who may read a request naming it (`canRead`). */
  async download(actor: Identity, id: string, canRead: (instanceId: string) => Promise<boolean>) {
    const record = await this.attachments.findOne({ tenantId: actor.tenantId, id }).lean();
    if (!record) throw new NotFound('attachment', id);
    if (record.uploadedBy !== actor.userId && !actor.roles.includes('superAdmin')) {
      let allowed = false;
      for (const instanceId of record.instanceIds) if (!allowed) allowed = await canRead(instanceId);
      if (!allowed) throw new NotFound('attachment', id);
    }
    // lean() hands BSON binary back as a Binary, not a Buffer
    const raw = record.data as unknown as Buffer | { buffer: Uint8Array };
    return { ...view(record), data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
  }

  /** Problems of the attachment fields of a submission: each id must be the submitter's own upload. */
  async problemsOf(actor: Identity, fields: readonly FormField[], form: Record<string, unknown>): Promise<Problem[]> {
    const named = attachmentRefs(fields, form);
    if (named.length === 0) return [];
    const mine = new Set((await this.attachments.find({ tenantId: actor.tenantId, id: { $in: named.map((n) => n.id) }, uploadedBy: actor.userId }).select({ id: 1 }).lean()).map((a) => a.id));
    return named.filter((n) => !mine.has(n.id)).map((n) => ({ pointer: `${n.pointer}/id`, message: `unknown attachment "${n.id}"; upload it first` }));
  }

  /** Remembers which request names the attachments, so its readers may download them. */
  async attach(tenantId: string, instanceId: string, fields: readonly FormField[], form: Record<string, unknown>): Promise<void> {
    const ids = attachmentRefs(fields, form).map((n) => n.id);
    if (ids.length > 0) await this.attachments.updateMany({ tenantId, id: { $in: ids } }, { $addToSet: { instanceIds: instanceId } });
  }
}

function attachmentRefs(fields: readonly FormField[], form: Record<string, unknown>): Array<{ id: string; pointer: string }> {
  const refs: Array<{ id: string; pointer: string }> = [];
  for (const field of fields.filter((f) => f.type === 'attachment')) {
    const value = form[field.key];
    const list = Array.isArray(value) ? value : value ? [value] : [];
    list.forEach((item, i) => {
      const id = (item as { id?: unknown })?.id;
      if (typeof id === 'string') refs.push({ id, pointer: `/form/${field.key}${Array.isArray(value) ? `/${i}` : ''}` });
    });
  }
  return refs;
}

function view(a: Pick<AttachmentRecord, 'id' | 'name' | 'type' | 'size' | 'sha256' | 'uploadedBy' | 'createdAt'>) {
  return { id: a.id, name: a.name, type: a.type, size: a.size, sha256: a.sha256, uploadedBy: a.uploadedBy, createdAt: a.createdAt };
}
