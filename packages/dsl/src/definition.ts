import { Type, type Static } from '@sinclair/typebox';
import { WORDS } from './words';

/**
 * The workflow definition: one JSON document, what the designer saves, what
 * the API accepts and what lives in templates/. Types and the exported JSON
 * Schema come from this one declaration, so they cannot drift.
 */

export const KINDS = ['approval', 'routing', 'sop', 'campaign'] as const;
export const FIELD_TYPES = [
  'text', 'textarea', 'number', 'money', 'boolean', 'date', 'dateRange',
  'select', 'multiselect', 'people', 'department', 'attachment', 'table', 'signature',
] as const;

const Id = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'letters, digits, _ and -, starting with a letter', 'x-message': WORDS.nameId });
const FieldKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$', description: 'letters, digits and _, starting with a letter', 'x-message': WORDS.key });

const Option = Type.Object({ value: Type.String({ minLength: 1 }), label: Type.Optional(Type.String()) }, { additionalProperties: false });

const ColumnField = Type.Object({
  key: FieldKey,
  label: Type.String({ minLength: 1 }),
  type: Type.Union(FIELD_TYPES.filter((t) => t !== 'table').map((t) => Type.Literal(t))),
  required: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Array(Option, { minItems: 1 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
}, { additionalProperties: false });

export const FormFieldSchema = Type.Object({
  key: FieldKey,
  label: Type.String({ minLength: 1 }),
  type: Type.Union(FIELD_TYPES.map((t) => Type.Literal(t))),
  required: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String()),
  options: Type.Optional(Type.Array(Option, { minItems: 1 })),
  min: Type.Optional(Type.Number({ description: 'number/money: smallest value; text: shortest length' })),
  max: Type.Optional(Type.Number({ description: 'number/money: largest value; text: longest length' })),
  multiple: Type.Optional(Type.Boolean({ description: 'people/department/attachment: allow several' })),
  columns: Type.Optional(Type.Array(ColumnField, { minItems: 1, description: 'table: the columns of each row' })),
}, { additionalProperties: false });

export const NodeSchema = Type.Object({
  id: Id,
  type: Type.String({ minLength: 1 }),
  title: Type.Optional(Type.String()),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });

export const EdgeSchema = Type.Object({
  from: Type.String({ minLength: 1 }),
  to: Type.String({ minLength: 1 }),
  on: Type.Optional(Type.String({ minLength: 1, description: 'the output of the source node this edge leaves from' })),
  condition: Type.Optional(Type.Unknown({ description: 'json-logic over { form, vars, initiator, instance }' })),
  label: Type.Optional(Type.String()),
}, { additionalProperties: false });

/** A template's sample: what to submit, the decisions to take and what must come out. */
export const TemplateSampleSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  initiator: Type.Optional(Type.String({ minLength: 1, description: 'approval: who submits (a user id of the demo organisation)' })),
  form: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'approval: the form submitted' })),
  steps: Type.Optional(Type.Array(Type.Object({
    as: Type.String({ minLength: 1, description: 'who acts (user id)' }),
    action: Type.Union(['approve', 'reject', 'return', 'resubmit', 'withdraw'].map((a) => Type.Literal(a))),
    node: Type.Optional(Type.String({ description: 'the node whose task is decided' })),
    comment: Type.Optional(Type.String()),
  }, { additionalProperties: false }), { description: 'approval: the decisions, in order' })),
  input: Type.Optional(Type.Unknown({ description: 'routing, sop, campaign: the item, customer or audience the sample feeds in' })),
  expect: Type.Record(Type.String(), Type.Unknown(), { description: 'the outcome, e.g. { status, path } for approvals' }),
}, { additionalProperties: false });

/** Gallery metadata of a definition shipped in templates/. */
export const TemplateMetaSchema = Type.Object({
  title: Type.Object({ en: Type.String({ minLength: 1 }), zh: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  samples: Type.Array(TemplateSampleSchema, { minItems: 1 }),
}, { additionalProperties: false });

const Position = Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false });

export const DefinitionSchema = Type.Object({
  $schema: Type.Optional(Type.String()),
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union(KINDS.map((k) => Type.Literal(k))),
  description: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  serialPrefix: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9]{0,15}$' })),
  form: Type.Object({ fields: Type.Array(FormFieldSchema) }, { additionalProperties: false }),
  vars: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  settings: Type.Optional(Type.Object({
    withdraw: Type.Optional(Type.Union([Type.Literal('untilDecided'), Type.Literal('always'), Type.Literal('never')], {
      default: 'untilDecided', description: 'when the initiator may withdraw: until anyone has decided, any time while running, or never',
    })),
    watermark: Type.Optional(Type.Boolean({ default: false, description: 'request and task pages show a faint watermark with the viewer\'s name and the date' })),
    copyOnFinish: Type.Optional(Type.Array(Type.Object({
      type: Type.Union(['user', 'role', 'manager', 'managers', 'departmentHead', 'field', 'initiator'].map((t) => Type.Literal(t))),
      value: Type.Optional(Type.String({ minLength: 1 })),
      level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    }, { additionalProperties: false }), { description: 'people copied when the request finishes' })),
    approval: Type.Optional(Type.Object({
      definitionId: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'the published approval definition whose request must complete approved' }),
    }, { additionalProperties: false, description: 'campaigns only: sending waits until a request of this approval flow completes approved; a changed message needs a new approval' })),
  }, { additionalProperties: false })),
  nodes: Type.Array(NodeSchema, { minItems: 1 }),
  edges: Type.Array(EdgeSchema),
  layout: Type.Optional(Type.Record(Type.String(), Position, { description: 'canvas positions by node id; never changes behaviour' })),
  template: Type.Optional(TemplateMetaSchema),
}, { additionalProperties: false, $id: 'https://baton.dev/schema/definition.json' });

export type Definition = Static<typeof DefinitionSchema>;
export type FormField = Static<typeof FormFieldSchema>;
export type DefinitionNode = Static<typeof NodeSchema>;
export type Edge = Static<typeof EdgeSchema>;
export type TemplateMeta = Static<typeof TemplateMetaSchema>;
export type TemplateSample = Static<typeof TemplateSampleSchema>;
export type Kind = (typeof KINDS)[number];

/** A problem found in a definition: where (RFC 6901 pointer) and what. */
export interface Problem {
  pointer: string;
  message: string;
}

/** The JSON Schema of a definition, for editors, the API and other tools. */
export const definitionJsonSchema: object = JSON.parse(JSON.stringify(DefinitionSchema));
