import { Schema } from 'mongoose';

export const WEBHOOK_EVENTS = [
  'instance.started', 'instance.entered', 'instance.completed', 'instance.rejected', 'instance.withdrawn', 'instance.failed', 'instance.returned', 'instance.resubmitted',
  'task.created', 'task.closed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Where a tenant wants to hear about events; the signing secret is stored encrypted. */
export interface SubscriptionRecord {
  _id: string;
  tenantId: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  secret: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryAttempt {
  at: Date;
  status: number | null;
  error: string | null;
  ms: number;
  replay: boolean;
}

/**
 * One event for one subscription. The id is `${subscription}.${event}`, so
 * the same event is never queued twice for a subscription (the primary key
 * is the one uniqueness every MongoDB-compatible server enforces atomically).
 */
export interface DeliveryRecord {
  _id: string;
  tenantId: string;
  subscriptionId: string;
  eventId: string;
  event: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
  replays: number;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** An Idempotency-Key of an inbound start: `${tenant}:${definition}:${key}` → the instance it started. */
export interface IdempotencyRecord {
  _id: string;
  tenantId: string;
  bodyHash: string;
  instanceId: string | null;
  createdAt: Date;
}

export const SUBSCRIPTION = 'WebhookSubscription';
export const DELIVERY = 'WebhookDelivery';
export const IDEMPOTENCY = 'IdempotencyKey';

export const SubscriptionSchema = new Schema<SubscriptionRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  url: { type: String, required: true },
  events: { type: [String], required: true },
  description: { type: String, default: '' },
  active: { type: Boolean, default: true },
  secret: { type: String, required: true },
  createdBy: { type: String, required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
}, { versionKey: false, collection: 'webhook_subscriptions' });
SubscriptionSchema.index({ tenantId: 1, active: 1 });

export const DeliverySchema = new Schema<DeliveryRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  subscriptionId: { type: String, required: true },
  eventId: { type: String, required: true },
  event: { type: String, required: true },
  payload: { type: Schema.Types.Mixed, required: true },
  status: { type: String, required: true },
  attempts: { type: Schema.Types.Mixed, default: [] },
  replays: { type: Number, default: 0 },
  deliveredAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'webhook_deliveries', minimize: false });
DeliverySchema.index({ tenantId: 1, subscriptionId: 1, createdAt: -1 });

export const IdempotencySchema = new Schema<IdempotencyRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  bodyHash: { type: String, required: true },
  instanceId: { type: String, default: null },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'idempotency_keys' });
