import { FIELD_TYPES, type FormField } from '@baton/dsl';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors, FormRenderer, type FormData } from '../shell/FormRenderer';
import { useDesigner } from './store';

/** The definition's form: add, reorder and configure fields, with a live preview. */

function optionsText(field: FormField): string {
  return (field.options ?? []).map((o) => (o.label ? `${o.value}:${o.label}` : o.value)).join(', ');
}

function parseOptions(text: string): FormField['options'] {
  const options = text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [value, ...label] = s.split(':');
    return label.length ? { value: value!.trim(), label: label.join(':').trim() } : { value: value!.trim() };
  });
  return options.length ? options : undefined;
}

/** Applies a patch to a field; a key patched to undefined is removed. */
export function patched<T extends object>(field: T, patch: Partial<T>): T {
  const next = { ...field, ...patch };
  for (const key of Object.keys(patch) as Array<keyof T>) if (patch[key] === undefined) delete next[key];
  return next;
}

const COLUMN_TYPES = FIELD_TYPES.filter((type) => type !== 'table');
const SEVERAL = ['people', 'department', 'attachment'];

/** The settings of one field (or one column of a table field): key, label, type and what the type takes. */
function FieldSettings({ field, types, onChange }: { field: FormField; types: readonly string[]; onChange(patch: Partial<FormField>): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label>{t('form.key')}<Input value={field.key} data-testid="field-key" onChange={(e) => onChange({ key: e.target.value })} /></label>
      <label>{t('form.label')}<Input value={field.label} data-testid="field-label" onChange={(e) => onChange({ label: e.target.value })} /></label>
      <label>
        {t('form.type')}
        <Select<FormField['type']> value={field.type} data-testid="field-type" virtual={false} onChange={(type) => onChange({ type })}
          options={types.map((type) => ({ value: type, label: t(`form.types.${type}`) }))} />
      </label>
      <Checkbox checked={field.required === true} data-testid="field-required" onChange={(e) => onChange({ required: e.target.checked || undefined })}>{t('form.required')}</Checkbox>
      {SEVERAL.includes(field.type) && (
        <Checkbox checked={field.multiple === true} data-testid="field-multiple" onChange={(e) => onChange({ multiple: e.target.checked || undefined })}>{t('form.multiple')}</Checkbox>
      )}
      {(field.type === 'select' || field.type === 'multiselect') && (
        <label>{t('form.options')}<Input defaultValue={optionsText(field)} data-testid="field-options" onBlur={(e) => onChange({ options: parseOptions(e.target.value) })} /></label>
      )}
      {['number', 'money', 'text', 'textarea'].includes(field.type) && (
        <span className="bounds">
          <label>{t('form.min')}<InputNumber value={field.min ?? null} data-testid="field-min" onChange={(min) => onChange({ min: min ?? undefined })} /></label>
          <label>{t('form.max')}<InputNumber value={field.max ?? null} data-testid="field-max" onChange={(max) => onChange({ max: max ?? undefined })} /></label>
        </span>
      )}
    </>
  );
}

/** The columns of a table field, each set like a field (a column cannot be a table). */
function ColumnsEditor({ field, onChange }: { field: FormField; onChange(columns: FormField['columns']): void }) {
  const { t } = useTranslation();
  const columns = (field.columns ?? []) as FormField[];
  const set = (next: FormField[]) => onChange((next.length > 0 ? next : undefined) as FormField['columns']);
  const add = () => {
    let n = columns.length + 1;
    while (columns.some((c) => c.key === `column${n}`)) n += 1;
    set([...columns, { key: `column${n}`, label: `Column ${n}`, type: 'text' }]);
  };
  return (
    <div className="columns" data-testid="field-columns">
      <h3>{t('form.columns')}</h3>
      {columns.map((column, j) => (
        <fieldset key={j} className="field-row" data-testid={`column-${j}`}>
          <FieldSettings field={column} types={COLUMN_TYPES} onChange={(patch) => set(columns.map((c, k) => (k === j ? patched(c, patch) : c)))} />
          <Button size="small" danger onClick={() => set(columns.filter((_, k) => k !== j))}>{t('form.remove')}</Button>
        </fieldset>
      ))}
      <Button size="small" icon={<PlusOutlined />} data-testid="add-column" onClick={add}>{t('form.addColumn')}</Button>
    </div>
  );
}

export function FormDesigner() {
  const { t } = useTranslation();
  const fields = useDesigner((s) => s.definition.form.fields);
  const [preview, setPreview] = useState<FormData>({});
  // the preview shows problems as a request form does: once someone fills it in, not on an empty form
  const [tried, setTried] = useState(false);
  const change = (index: number, patch: Partial<FormField>) =>
    useDesigner.getState().commit((d) => {
      d.form.fields[index] = patched(d.form.fields[index]!, patch);
    });
  const move = (index: number, by: number) =>
    useDesigner.getState().commit((d) => {
      const [field] = d.form.fields.splice(index, 1);
      d.form.fields.splice(index + by, 0, field!);
    });
  const add = () =>
    useDesigner.getState().commit((d) => {
      let n = d.form.fields.length + 1;
      while (d.form.fields.some((f) => f.key === `field${n}`)) n += 1;
      d.form.fields.push({ key: `field${n}`, label: `Field ${n}`, type: 'text' });
    });
  const remove = (index: number) => useDesigner.getState().commit((d) => void d.form.fields.splice(index, 1));

  return (
    <div className="form-designer" data-testid="form-designer">
      <h2>{t('form.fields')}</h2>
      {fields.map((field, i) => (
        <fieldset key={i} className="field-row" data-testid={`form-field-${i}`}>
          <FieldSettings field={field} types={FIELD_TYPES} onChange={(patch) => change(i, patch)} />
          {field.type === 'table' && <ColumnsEditor field={field} onChange={(columns) => change(i, { columns })} />}
          <span className="row-actions">
            <Button size="small" disabled={i === 0} onClick={() => move(i, -1)}>{t('form.up')}</Button>
            <Button size="small" disabled={i === fields.length - 1} onClick={() => move(i, 1)}>{t('form.down')}</Button>
            <Button size="small" danger onClick={() => remove(i)}>{t('form.remove')}</Button>
          </span>
        </fieldset>
      ))}
      <Button icon={<PlusOutlined />} data-testid="add-field" onClick={add}>{t('form.addField')}</Button>
      <h2>{t('form.preview')}</h2>
      <div data-testid="form-preview">
        <FormRenderer fields={fields} value={preview} onChange={(next) => { setPreview(next); setTried(true); }} errors={tried ? formErrors(fields, preview) : {}} idPrefix="preview" />
      </div>
    </div>
  );
}
