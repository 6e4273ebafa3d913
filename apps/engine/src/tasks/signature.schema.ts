import { Schema } from 'mongoose';

/** A drawn signature given with an approval, kept with its SHA-256. */
export interface SignatureRecord {
  tenantId: string;
  /** the task it signs */
  id: string;
  instanceId: string;
  node: string;
  userId: string;
  sha256: string;
  image: string;
  createdAt: Date;
}

export const SignatureSchema = new Schema<SignatureRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    instanceId: { type: String, required: true },
    node: { type: String, required: true },
    userId: { type: String, required: true },
    sha256: { type: String, required: true },
    image: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'signatures', versionKey: false },
);
SignatureSchema.index({ tenantId: 1, id: 1 }, { unique: true });
SignatureSchema.index({ tenantId: 1, instanceId: 1 });

export const SIGNATURE = 'Signature';
