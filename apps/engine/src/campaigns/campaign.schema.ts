import { Schema } from 'mongoose';

export type CampaignStatus = 'awaitingApproval' | 'notApproved' | 'scheduled' | 'running' | 'paused' | 'cancelled' | 'completed' | 'failed';

/**
 * The approval a gated campaign waits for (its definition's
 * settings.approval): the request asked, and the hash of the content it
 * approves (see campaignContent); a campaign sends only while the approved
 * hash is its content's.
 */
export interface CampaignApproval {
  definitionId: string;
  requestId: string;
  contentHash: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'failed';
  decidedAt: Date | null;
}

export interface CampaignRecord {
  tenantId: string;
  id: string;
  definitionId: string;
  version: number;
  name: string;
  status: CampaignStatus;
  sendAt: Date;
  /** the audience counted when sending began (evaluated at send time) */
  total: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  /** the counts when the campaign ended, so they outlive the Redis progress sets */
  final: CampaignCounts | null;
  createdBy: string;
  createdAt: Date;
  /** null for a campaign that sends without an approval */
  approval?: CampaignApproval | null;
  /** the worker sending it now and until when its lease holds (see SenderLease) */
  sender?: string | null;
  senderUntil?: Date | null;
}

export interface CampaignCounts {
  claimed: number;
  failed: number;
  capped: number;
  sent: Record<string, number>;
  replied: Record<string, number>;
  clicked: Record<string, number>;
}

export const CampaignSchema = new Schema<CampaignRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    status: { type: String, required: true },
    sendAt: { type: Date, required: true },
    total: { type: Number, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    error: { type: String, default: null },
    final: { type: Schema.Types.Mixed, default: null },
    approval: { type: Schema.Types.Mixed, default: null },
    sender: { type: String, default: null },
    senderUntil: { type: Date, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaigns', versionKey: false },
);
CampaignSchema.index({ tenantId: 1, id: 1 }, { unique: true });
// a finished approval request finds the campaign it gates
CampaignSchema.index({ tenantId: 1, 'approval.requestId': 1 });

/**
 * One per (campaign, customer), claimed BEFORE the message is sent: the
 * unique index makes the claim reliable, and `key` is the idempotency key the channel passes on, so a
 * message re-sent after a crash between send and delivery record is the
 * same message. Claims are written once (insert) and only changed on failure.
 */
export interface RecipientRecord {
  tenantId: string;
  campaignId: string;
  customerId: string;
  variant: string;
  key: string;
  status: 'claimed' | 'failed' | 'capped';
  error: string | null;
  claimedAt: Date;
}

export const RecipientSchema = new Schema<RecipientRecord>(
  {
    tenantId: { type: String, required: true },
    campaignId: { type: String, required: true },
    customerId: { type: String, required: true },
    variant: { type: String, required: true },
    key: { type: String, required: true },
    status: { type: String, required: true },
    error: { type: String, default: null },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'campaign_recipients', versionKey: false },
);
RecipientSchema.index({ campaignId: 1, customerId: 1 }, { unique: true });

/**
 * A message that went out, inserted in bulk after its batch was sent (one
 * insert of many documents instead of one update per recipient). Its _id is
 * the claim's key; replies and clicks are set on it by that id.
 */
export interface DeliveryRecord {
  _id: string;
  tenantId: string;
  campaignId: string;
  customerId: string;
  variant: string;
  sentAt: Date;
  repliedAt: Date | null;
  clickedAt: Date | null;
}

export const DeliverySchema = new Schema<DeliveryRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    campaignId: { type: String, required: true },
    customerId: { type: String, required: true },
    variant: { type: String, required: true },
    sentAt: { type: Date, required: true },
    repliedAt: { type: Date, default: null },
    clickedAt: { type: Date, default: null },
  },
  { collection: 'campaign_deliveries', versionKey: false },
);
DeliverySchema.index({ campaignId: 1 });

/** A campaign message in a customer's in-app inbox; the key makes a re-send a no-op. */
export interface CustomerMessageRecord {
  tenantId: string;
  key: string;
  customerId: string;
  campaignId: string;
  variant: string;
  subject: string | null;
  body: string;
  createdAt: Date;
}

export const CustomerMessageSchema = new Schema<CustomerMessageRecord>(
  {
    tenantId: { type: String, required: true },
    key: { type: String, required: true },
    customerId: { type: String, required: true },
    campaignId: { type: String, required: true },
    variant: { type: String, required: true },
    subject: { type: String, default: null },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'customer_messages', versionKey: false },
);
CustomerMessageSchema.index({ key: 1 }, { unique: true });
CustomerMessageSchema.index({ tenantId: 1, customerId: 1 });

export interface SensitiveWordsRecord {
  tenantId: string;
  words: string[];
  updatedBy: string;
}

export const SensitiveWordsSchema = new Schema<SensitiveWordsRecord>(
  { tenantId: { type: String, required: true }, words: { type: [String], default: [] }, updatedBy: { type: String, required: true } },
  { collection: 'sensitive_words', versionKey: false, timestamps: true },
);
SensitiveWordsSchema.index({ tenantId: 1 }, { unique: true });

export const CAMPAIGN = 'Campaign';
export const RECIPIENT = 'CampaignRecipient';
export const DELIVERY = 'CampaignDelivery';
export const CUSTOMER_MESSAGE = 'CustomerMessage';
export const SENSITIVE_WORDS = 'SensitiveWords';
export const CAMPAIGNS_QUEUE = 'campaigns';
/** A send job: retried with backoff, kept a day (a week when failed) for bull-board. */
export const SEND_JOB_OPTIONS = { attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } };
export interface CampaignJob {
  tenantId: string;
  campaignId: string;
}
