import { Type } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';
import { nameId } from '../api/shaped-text';

const DefinitionId = nameId();
const CustomerId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });

export const CreateCampaignBody = Type.Object({
  definitionId: DefinitionId,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sendAt: Type.Optional(Type.String({ format: 'date-time', description: 'send at this time; now when absent' })),
}, { additionalProperties: false });
export const CampaignParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }) });
export const CampaignListQuery = Type.Object({
  request: Type.Optional(Type.String({ format: 'uuid', description: 'the campaign a request is the approval of' })),
  status: Type.Optional(Type.Union(['awaitingApproval', 'notApproved', 'scheduled', 'running', 'paused', 'cancelled', 'completed', 'failed'].map((s) => Type.Literal(s)))),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
export const CampaignEventBody = Type.Object({
  customerId: CustomerId,
  type: Type.Union([Type.Literal('replied'), Type.Literal('clicked')]),
}, { additionalProperties: false });
export const PreviewBody = Type.Object({
  definitionId: DefinitionId,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  customerId: CustomerId,
  variant: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'the variant to show; the one the customer would get when absent' })),
}, { additionalProperties: false });
export const SensitiveWordsBody = Type.Object({
  words: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 5000 }),
}, { additionalProperties: false });
export const CustomerParams = Type.Object({ id: CustomerId });

// what the campaign routes answer
const SummaryFields = {
  id: Type.String(), definitionId: Type.String(), version: Type.Integer({ minimum: 1 }), name: Type.String(), status: Type.String(), sendAt: Instant,
  total: Nullable(Type.Integer({ minimum: 0 })), startedAt: Nullable(Instant), finishedAt: Nullable(Instant), error: Nullable(Type.String()),
  createdBy: Type.String(), createdAt: Instant,
  approval: Nullable(Type.Object({
    definitionId: Type.String(), requestId: Type.String({ format: 'uuid' }), contentHash: Type.String({ description: 'SHA-256 of the content approved' }),
    status: Type.Union(['pending', 'approved', 'rejected', 'withdrawn', 'failed'].map((s) => Type.Literal(s))), decidedAt: Nullable(Instant),
  }, { additionalProperties: false, description: 'the approval a gated campaign waits for or got; null when it sends without one' })),
};
export const CampaignSummary = Type.Object(SummaryFields, { additionalProperties: false });
const Count = Type.Integer({ minimum: 0 });
export const Campaign = Type.Object({
  ...SummaryFields,
  progress: Type.Object({
    total: Nullable(Count), sent: Count, failed: Count, capped: Count, inFlight: Count, done: Count,
    ratePerSecond: Type.Number({ minimum: 0 }), etaSeconds: Nullable(Type.Number({ minimum: 0 })),
  }, { additionalProperties: false }),
  variants: Type.Array(Type.Object({ variant: Type.String(), weight: Type.Number(), sent: Count, replied: Count, clicked: Count }, { additionalProperties: false })),
}, { additionalProperties: false });
export const Preview = Type.Object({ variant: Type.String(), subject: Nullable(Type.String()), body: Type.String() }, { additionalProperties: false });
export const Words = Type.Object({ words: Type.Array(Type.String()) }, { additionalProperties: false });
export const RecordedEvent = Type.Object({ campaignId: Type.String(), customerId: Type.String(), variant: Type.String(), type: Type.String() }, { additionalProperties: false });
export const InAppMessage = Type.Object({
  key: Type.String(), campaignId: Type.String(), variant: Type.String(), subject: Nullable(Type.String()), body: Type.String(), createdAt: Instant,
}, { additionalProperties: false });
export const ChangeVersionBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'another published version of the campaign\'s definition (a changed message); a gated campaign needs a new approval when its content changes' }),
}, { additionalProperties: false });
const Text = Nullable(Type.String());
export const CampaignReview = Type.Object({
  campaign: CampaignSummary,
  audienceCount: Count,
  variants: Type.Array(Type.Object({
    name: Type.String(), weight: Type.Number(), subject: Text, body: Type.String(),
    preview: Type.Object({ subject: Text, body: Type.String() }, { additionalProperties: false, description: 'as a sample recipient reads it' }),
  }, { additionalProperties: false })),
  sensitiveWords: Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() }, { additionalProperties: false })),
  contentHash: Type.String(),
}, { additionalProperties: false });
