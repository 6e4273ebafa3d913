import { FIELD_TYPES, type FormField } from '@baton/dsl';
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
      <label>{t('form.key')}<input value={field.key} data-testid="field-key" onChange={(e) => onChange({ key: e.target.value })} /></label>
      <label>{t('form.label')}<input value={field.label} data-testid="field-label" onChange={(e) => onChange({ label: e.target.value })} /></label>
      <label>
        {t('form.type')}
        <select value={field.type} data-testid="field-type" onChange={(e) => onChange({ type: e.target.value as FormField['type'] })}>
          {types.map((type) => <option key={type} value={type}>{type}</option>)}
        </select>
      </label>
      <label className="inline"><input type="checkbox" checked={field.required === true} data-testid="field-required" onChange={(e) => onChange({ required: e.target.checked || undefined })} /> {t('form.required')}</label>
      {SEVERAL.includes(field.type) && (
        <label className="inline"><input type="checkbox" checked={field.multiple === true} data-testid="field-multiple" onChange={(e) => onChange({ multiple: e.target.checked || undefined })} /> {t('form.multiple')}</label>
      )}
      {(field.type === 'select' || field.type === 'multiselect') && (
        <label>{t('form.options')}<input defaultValue={optionsText(field)} data-testid="field-options" onBlur={(e) => onChange({ options: parseOptions(e.target.value) })} /></label>
      )}
      {['number', 'money', 'text', 'textarea'].includes(field.type) && (
        <span className="bounds">
          <label>{t('form.min')}<input type="number" value={field.min ?? ''} onChange={(e) => onChange({ min: e.target.value === '' ? undefined : Number(e.target.value) })} /></label>
          <label>{t('form.max')}<input type="number" value={field.max ?? ''} onChange={(e) => onChange({ max: e.target.value === '' ? undefined : Number(e.target.value) })} /></label>
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
      <h5>{t('form.columns')}</h5>
      {columns.map((column, j) => (
        <fieldset key={j} className="field-row" data-testid={`column-${j}`}>
          <FieldSettings field={column} types={COLUMN_TYPES} onChange={(patch) => set(columns.map((c, k) => (k === j ? patched(c, patch) : c)))} />
          <button type="button" className="danger" onClick={() => set(columns.filter((_, k) => k !== j))}>{t('form.remove')}</button>
        </fieldset>
      ))}
      <button type="button" data-testid="add-column" onClick={add}>{t('form.addColumn')}</button>
    </div>
  );
}

export function FormDesigner() {
  const { t } = useTranslation();
  const fields = useDesigner((s) => s.definition.form.fields);
  const [preview, setPreview] = useState<FormData>({});
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
      <h4>{t('form.fields')}</h4>
      {fields.map((field, i) => (
        <fieldset key={i} className="field-row" data-testid={`form-field-${i}`}>
          <FieldSettings field={field} types={FIELD_TYPES} onChange={(patch) => change(i, patch)} />
          {field.type === 'table' && <ColumnsEditor field={field} onChange={(columns) => change(i, { columns })} />}
          <span className="row-actions">
            <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>{t('form.up')}</button>
            <button type="button" disabled={i === fields.length - 1} onClick={() => move(i, 1)}>{t('form.down')}</button>
            <button type="button" className="danger" onClick={() => remove(i)}>{t('form.remove')}</button>
          </span>
        </fieldset>
      ))}
      <button type="button" data-testid="add-field" onClick={add}>{t('form.addField')}</button>
      <h4>{t('form.preview')}</h4>
      <div data-testid="form-preview">
        <FormRenderer fields={fields} value={preview} onChange={setPreview} errors={formErrors(fields, preview)} idPrefix="preview" />
      </div>
    </div>
  );
}
