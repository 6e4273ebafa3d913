import { Schema } from 'mongoose';
import type { NotificationKind } from '@baton/dsl';

export interface NotificationRecord {
  tenantId: string;
  /** the effect that caused it and the recipient: a re-run effect writes nothing new */
  id: string;
  userId: string;
  kind: NotificationKind;
  instanceId: string;
  title: string;
  body: string;
  read: boolean;
  emailedAt: Date | null;
  createdAt: Date;
}

export const NotificationSchema = new Schema<NotificationRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    instanceId: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, default: '' },
    read: { type: Boolean, default: false },
    emailedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false },
);
NotificationSchema.index({ tenantId: 1, id: 1 }, { unique: true });
NotificationSchema.index({ tenantId: 1, userId: 1, read: 1, createdAt: -1 });

export const NOTIFICATION = 'Notification';
