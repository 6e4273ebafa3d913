import { Schema } from 'mongoose';

/** A one-tap link that was used: its pair's nonce is the key, so a second use (even at the same moment) meets the first. */
export interface LinkUseRecord {
  _id: string;
  tenantId: string;
  taskId: string;
  decision: 'approve' | 'reject';
  usedAt: Date;
}

export const LinkUseSchema = new Schema<LinkUseRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    taskId: { type: String, required: true },
    decision: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { collection: 'decision_link_uses', versionKey: false },
);

export const LINK_USE = 'DecisionLinkUse';
