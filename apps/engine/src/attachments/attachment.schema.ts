import { Schema } from 'mongoose';

/** An uploaded file, kept with its SHA-256; attached to requests through attachment form fields. */
export interface AttachmentRecord {
  tenantId: string;
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploadedBy: string;
  /** requests whose form names it: their readers may download it */
  instanceIds: string[];
  createdAt: Date;
}

export const AttachmentSchema = new Schema<AttachmentRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: { type: Buffer, required: true },
    uploadedBy: { type: String, required: true },
    instanceIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'attachments', versionKey: false },
);
AttachmentSchema.index({ tenantId: 1, id: 1 }, { unique: true });

export const ATTACHMENT = 'Attachment';
