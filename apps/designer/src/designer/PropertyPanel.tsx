import type { Definition, Edge, FormField } from '@baton/dsl';
import Form from '@rjsf/antd';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Button, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeTypeInfo } from '../shell/api';
import { ConditionBuilder } from './ConditionBuilder';
import { infoOf, useNodeTypes } from './node-types';
import { AssigneeField } from './AssigneeField';
import { PersonWidget } from './PersonWidget';
import { useDesigner } from './store';

/**
 * The selected node's settings, rendered from its type's JSON Schema by
 * react-jsonschema-form; the selected edge's output, label and condition.
 * Problems are the validator's business: the form only edits.
 */

const validator = customizeValidator({ customFormats: { 'iso-duration': /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/ } });

const PEOPLE_UI: UiSchema = { items: { 'ui:field': AssigneeField } };
/** Where approval nodes name people besides their assignees. */
const QUORUM_UI: UiSchema = { groups: { items: { assignees: PEOPLE_UI } }, weights: { items: { assignees: PEOPLE_UI } }, veto: PEOPLE_UI };

/**
 * TypeBox writes a choice as `anyOf` of `const`s; react-jsonschema-form
 * renders a select from `enum`. Same meaning, the form library's spelling.
 */
export function formSchemaOf(schema: unknown, label: (key: string) => string | undefined = () => undefined): RJSFSchema {
  if (Array.isArray(schema)) return schema.map((s) => formSchemaOf(s, label)) as unknown as RJSFSchema;
  if (!schema || typeof schema !== 'object') return schema as RJSFSchema;
  const s = schema as Record<string, unknown>;
  const choices = s.anyOf as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(choices) && choices.length > 0 && choices.every((c) => 'const' in c)) {
    const { anyOf: _choices, ...rest } = s;
    const types = [...new Set(choices.map((c) => c.type ?? typeof c.const))];
    return { ...rest, ...(types.length === 1 ? { type: types[0] } : {}), enum: choices.map((c) => c.const) } as RJSFSchema;
  }
  const out = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'object' && v !== null ? formSchemaOf(v, label) : v]));
  if (out.properties && typeof out.properties === 'object') {
    // property names become labels in the user's language
    out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, Record<string, unknown>>).map(([key, p]) => {
      const title = p.title === undefined ? label(key) : undefined;
      return [key, title ? { ...p, title } : p];
    }));
  }
  return out as RJSFSchema;
}

export function uiSchemaFor(info: NodeTypeInfo | undefined): UiSchema {
  const properties = (info?.config as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const key of ['assignees', 'to', 'people']) if (key in properties) ui[key] = PEOPLE_UI;
  if ('quorum' in properties) ui.quorum = QUORUM_UI;
  if ('admin' in properties) ui.admin = { 'ui:widget': PersonWidget };
  // field permissions have their own table in the approval panel
  if ('fields' in properties) ui.fields = { 'ui:widget': 'hidden', 'ui:field': 'hidden' };
  return ui;
}

const FORM_CONTEXT = { labelAlign: 'left', rowGutter: 8 };

export function ConfigForm({ info, value, onChange }: { info: NodeTypeInfo | undefined; value: Record<string, unknown>; onChange(next: Record<string, unknown>): void }) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(
    () => (info ? formSchemaOf(info.config, (key) => (i18n.exists(`config.${key}`) ? t(`config.${key}`) : undefined)) : null),
    [info, t, i18n],
  );
  const ui = useMemo(() => uiSchemaFor(info), [info]);
  if (!info || !schema) return null;
  const { fields: _permissions, ...rest } = value;
  return (
    <Form
      schema={schema}
      uiSchema={ui}
      formData={rest}
      validator={validator}
      idPrefix="cfg"
      // the antd theme: titles of lists read from the left like every other label, in a narrow panel
      formContext={FORM_CONTEXT}
      liveValidate={false}
      noHtml5Validate
      showErrorList={false}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults', arrayMinItems: { populate: 'never' } }}
      onChange={({ formData }) => {
        const next = { ...(formData as Record<string, unknown>), ...(_permissions !== undefined ? { fields: _permissions } : {}) };
        if (JSON.stringify(next) !== JSON.stringify(value)) onChange(next);
      }}
    />
  );
}

const PERMISSIONS = ['editable', 'readonly', 'hidden'] as const;
type Permission = (typeof PERMISSIONS)[number];

/** An output of a node's type as a choice, findable by tests as `${prefix}-option-${output}`. */
const outputOptions = (outputs: readonly string[], prefix: string) => outputs.map((o) => ({ value: o, label: o, 'data-testid': `${prefix}-option-${o}` }));

export function FieldPermissions({ fields, value, onChange }: { fields: readonly FormField[]; value: Record<string, Permission>; onChange(next: Record<string, Permission> | undefined): void }) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <fieldset className="field-permissions" data-testid="field-permissions">
      <legend>{t('designer.fieldPermissions')}</legend>
      {fields.map((f) => (
        <label key={f.key}>
          <span>{f.label}</span>
          <Select<Permission>
            data-testid={`permission-${f.key}`}
            value={value[f.key] ?? 'readonly'}
            onChange={(permission) => {
              const next = { ...value, [f.key]: permission };
              if (next[f.key] === 'readonly') delete next[f.key];
              onChange(Object.keys(next).length ? next : undefined);
            }}
            options={PERMISSIONS.map((p) => ({ value: p, label: t(`designer.${p}`), 'data-testid': `permission-option-${p}` }))}
          />
        </label>
      ))}
    </fieldset>
  );
}

export function EdgeEditor({ index, edge, definition }: { index: number; edge: Edge; definition: Definition }) {
  const { t } = useTranslation();
  const infos = useNodeTypes((s) => s.infos);
  const source = definition.nodes.find((n) => n.id === edge.from);
  const outputs = source ? infoOf(infos, source.type)?.outputs ?? [] : [];
  const store = useDesigner.getState();
  const [conditionKey, setConditionKey] = useState(0);
  return (
    <div className="edge-editor" data-testid={`edge-${edge.from}-${edge.to}`}>
      <strong>{t('designer.edge', { from: edge.from, to: edge.to })}</strong>
      {outputs.length > 1 && (
        <label>
          {t('designer.output')}
          <Select value={edge.on} data-testid="edge-output" allowClear placeholder="—" onChange={(on?: string) => store.updateEdge(index, { on })} options={outputOptions(outputs, 'edge-output')} />
        </label>
      )}
      <label>
        {t('designer.label')}
        <Input value={edge.label ?? ''} data-testid="edge-label" onChange={(e) => store.updateEdge(index, { label: e.target.value || undefined })} />
      </label>
      {edge.condition === undefined ? (
        <Button size="small" data-testid="add-condition" onClick={() => { store.updateEdge(index, { condition: true }); setConditionKey((k) => k + 1); }}>
          {t('designer.addCondition')}
        </Button>
      ) : (
        <>
          <ConditionBuilder key={conditionKey} value={edge.condition === true ? undefined : edge.condition} fields={definition.form.fields} onChange={(logic) => store.updateEdge(index, { condition: logic })} />
          <Button size="small" onClick={() => store.updateEdge(index, { condition: undefined })}>{t('designer.removeCondition')}</Button>
        </>
      )}
      <Button size="small" danger data-testid="remove-edge" onClick={() => { store.select({ edges: [index] }); store.deleteSelection(); }}>{t('designer.removeEdge')}</Button>
    </div>
  );
}

function AddEdge({ from, definition }: { from: string; definition: Definition }) {
  const { t } = useTranslation();
  const infos = useNodeTypes((s) => s.infos);
  const source = definition.nodes.find((n) => n.id === from);
  const outputs = source ? infoOf(infos, source.type)?.outputs ?? [] : [];
  const [to, setTo] = useState<string>();
  const [on, setOn] = useState<string>();
  return (
    <div className="add-edge">
      <label>
        {t('designer.addEdge')}
        <Select value={to} onChange={setTo} data-testid="connect-target" allowClear placeholder="—" showSearch={{ optionFilterProp: 'label' }}
          options={definition.nodes.filter((n) => n.id !== from).map((n) => ({ value: n.id, label: n.title ? `${n.title} (${n.id})` : n.id, 'data-testid': `connect-option-${n.id}` }))} />
      </label>
      {outputs.length > 1 && (
        <label>
          {t('designer.output')}
          <Select value={on} onChange={setOn} data-testid="connect-output" allowClear placeholder="—" options={outputOptions(outputs, 'connect-output')} />
        </label>
      )}
      <Button size="small" type="primary" data-testid="connect" disabled={!to} onClick={() => { if (to) useDesigner.getState().connect(from, to, on); setTo(undefined); setOn(undefined); }}>
        {t('designer.addEdge')}
      </Button>
    </div>
  );
}

export function PropertyPanel() {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const selection = useDesigner((s) => s.selection);
  const infos = useNodeTypes((s) => s.infos);
  const nodeId = selection.nodes.length === 1 ? selection.nodes[0] : undefined;
  const node = definition.nodes.find((n) => n.id === nodeId);
  const edgeIndex = !node && selection.edges.length === 1 ? selection.edges[0]! : -1;
  const edge = definition.edges[edgeIndex];

  if (edge) return <div className="properties" data-testid="properties"><EdgeEditor index={edgeIndex} edge={edge} definition={definition} /></div>;
  if (!node) return <p className="hint" data-testid="properties">{t('designer.nothingSelected')}</p>;
  const info = infoOf(infos, node.type);
  const store = useDesigner.getState();
  const config = (node.config ?? {}) as Record<string, unknown>;
  return (
    <div className="properties" data-testid="properties" key={node.id}>
      <label>
        {t('designer.id')}
        <Input defaultValue={node.id} data-testid="node-id" onBlur={(e) => store.renameNode(node.id, e.target.value.trim())} />
      </label>
      <label>
        {t('designer.title')}
        <Input value={node.title ?? ''} data-testid="node-title" onChange={(e) => store.updateNode(node.id, { title: e.target.value || undefined })} />
      </label>
      <p className="muted">{t('designer.nodeType')}: {info?.title ?? node.type}</p>
      <h2>{t('designer.config')}</h2>
      <ConfigForm info={info} value={config} onChange={(next) => store.updateNode(node.id, { config: Object.keys(next).length ? next : undefined })} />
      {info?.behaviour === 'approval' && (
        <FieldPermissions
          fields={definition.form.fields}
          value={(config.fields ?? {}) as Record<Permission, Permission>}
          onChange={(fields) => {
            const { fields: _old, ...rest } = config;
            store.updateNode(node.id, { config: { ...rest, ...(fields ? { fields } : {}) } });
          }}
        />
      )}
      <h2>{t('designer.outgoing')}</h2>
      {definition.edges.map((e, i) => (e.from === node.id ? <EdgeEditor key={`${i}-${e.to}`} index={i} edge={e} definition={definition} /> : null))}
      <AddEdge from={node.id} definition={definition} />
    </div>
  );
}
