import { Type } from '@sinclair/typebox';
import { AnyObject, Instant, Nullable } from '../api/contract';

// what the instance routes answer
const SummaryFields = {
  id: Type.String({ format: 'uuid' }), serial: Type.String(), definitionId: Type.String(), version: Type.Integer({ minimum: 1 }), title: Type.String(),
  status: Type.Union(['running', 'returned', 'completed', 'rejected', 'withdrawn', 'failed'].map((s) => Type.Literal(s))),
  at: Type.Array(Type.String(), { description: 'the nodes the request waits at' }), createdBy: Type.String(), copiedTo: Type.Array(Type.String()),
  createdAt: Instant, updatedAt: Instant,
};
export const InstanceSummary = Type.Object(SummaryFields, { additionalProperties: false });
export const Instance = Type.Object({
  ...SummaryFields, rev: Type.Integer({ minimum: 0 }), form: AnyObject, vars: AnyObject, path: Type.Array(Type.String()), notes: Type.Array(Type.Unknown()),
  watermark: Type.Optional(Nullable(Type.Object({ text: Type.String(), date: Type.String() }, { additionalProperties: false }))),
  tally: Type.Optional(Type.Record(Type.String(), AnyObject, { description: 'per open approval node: its mode, who decided, what is still needed (quorum groups, weights, veto)' })),
}, { additionalProperties: false });
export const History = Type.Object({
  items: Type.Array(Type.Object({
    rev: Type.Integer(), type: Type.String(), actor: Type.String(), at: Instant, from: Type.Array(Type.String()), to: Type.Array(Type.String()),
    node: Type.Optional(Type.String()), outcome: Type.Optional(Type.String()), comment: Type.Optional(Type.String()), formBefore: Type.Optional(AnyObject),
    mentions: Type.Optional(Type.Array(Type.String())), signature: Type.Optional(Type.String()),
    via: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('chat')], { description: 'a decision made from a message\'s one-tap link' })),
    fromVersion: Type.Optional(Type.Integer({ description: 'migrated: the version it left' })), toVersion: Type.Optional(Type.Integer({ description: 'migrated: the version it runs now' })),
    migration: Type.Optional(Type.String({ description: 'migrated: the migration that moved it' })),
    mapping: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'migrated: old node to new node' })),
    tasks: Type.Optional(Type.Object({ closed: Type.Array(AnyObject), opened: Type.Array(AnyObject) }, { description: 'migrated: the tasks the move closed and opened ({ node, visit, assignee })' })),
    taskOpenedAt: Type.Optional(Type.String({ format: 'date-time', description: 'a decision: when the decided task was opened (the response time is from then)' })),
    state: Type.Optional(Type.String({ description: 'digest of the state this event led to; a replay recomputes it' })),
    reason: Type.Optional(Type.Object({ code: Type.String(), params: Type.Optional(AnyObject) }, { description: 'an automatic step (or a decision by link): why, as a code and its parameters' })),
    explanation: Type.Optional(Type.Object({ en: Type.String(), 'zh-CN': Type.String() }, { additionalProperties: false, description: 'the reason in words, in each language' })),
  })),
}, { additionalProperties: false });
export const Commented = Type.Object({ comment: Type.String(), mentions: Type.Array(Type.String()) }, { additionalProperties: false });
export const Urged = Type.Object({ urged: Type.Array(Type.Object({ taskId: Type.String(), assignee: Type.String() }, { additionalProperties: false })) }, { additionalProperties: false });

const Nodes = Type.Array(Type.String());
/** One step of a replay: the state recomputed after an event, beside what was stored for it. */
const ReplayStep = Type.Object({
  index: Type.Integer({ minimum: 0 }), rev: Type.Integer({ minimum: 1 }), type: Type.String(), actor: Type.String(), time: Instant,
  node: Type.Optional(Type.String()), outcome: Type.Optional(Type.String()),
  accepted: Type.Boolean({ description: 'false when the recomputation refused the recorded event (a divergence)' }),
  status: Type.String(), at: Nodes, entered: Type.Array(Type.String(), { description: 'nodes entered while handling this event, in order' }),
  form: AnyObject, vars: AnyObject,
  holders: Type.Array(Type.Object({ node: Type.String(), visit: Type.Integer(), assignees: Nodes, open: Nodes }, { additionalProperties: false })),
  rules: Type.Array(Type.Object({
    from: Type.String(), to: Type.String(), edge: Type.Integer({ minimum: 0 }), rule: Type.Unknown({ description: 'the json-logic condition; null for the default edge' }),
    result: Type.Boolean(), taken: Type.Boolean(),
  }, { additionalProperties: false }), { description: 'the edges considered when the instance left a node with conditions' }),
  tallies: Type.Record(Type.String(), AnyObject),
  automatic: Type.Array(Type.Object({
    node: Type.String(), outcome: Type.String(),
    reason: Type.Optional(Type.Object({ code: Type.String(), params: AnyObject }, { additionalProperties: false })),
  }, { additionalProperties: false })),
  digest: Type.String(),
  stored: Type.Object({ at: Nodes, digest: Nullable(Type.String()) }, { additionalProperties: false }),
  matches: Type.Boolean({ description: 'the recomputed nodes and state digest equal the stored ones' }),
}, { additionalProperties: false });
export const Replay = Type.Object({
  id: Type.String({ format: 'uuid' }), serial: Type.String(), definitionId: Type.String(), version: Type.Integer({ minimum: 1 }),
  steps: Type.Array(ReplayStep),
}, { additionalProperties: false });
