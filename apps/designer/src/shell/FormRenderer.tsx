import { FIELD_TYPES, validateFormData, type FormField } from '@baton/dsl';
import { Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { AttachmentInput } from './AttachmentInput';
import { DepartmentPicker } from './DepartmentPicker';
import { formMessage } from './form-messages';
import { PeoplePicker } from './PeoplePicker';
import { SignatureInput } from './SignatureInput';
import { TableInput, type CellProps } from './TableInput';

/**
 * A definition's form as people fill it in: one input per field type of the
 * definition language, each field editable, read-only or hidden, with the
 * problems validateFormData() finds shown beside their field.
 */

export type Permission = 'editable' | 'readonly' | 'hidden';
export type FormData = Record<string, unknown>;

/** Problems by field key, from the same check the engine runs on submit. */
export function formErrors(fields: readonly FormField[], data: FormData): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of validateFormData(fields, data)) {
    const key = p.pointer.split('/')[2] ?? '';
    if (!(key in errors)) errors[key] = formMessage(p.message);
  }
  return errors;
}

/** Drops empty values so optional fields are absent rather than "". */
export function cleanForm(data: FormData): FormData {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== '' && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
}

export function FormRenderer({ fields, value, onChange, errors = {}, permissions, readOnly = false, idPrefix = 'f' }: {
  fields: readonly FormField[];
  value: FormData;
  onChange?(next: FormData): void;
  errors?: Record<string, string>;
  /** per field; fields not named are editable, or read-only when `permissions` is given (an approval step) */
  permissions?: Record<string, Permission>;
  readOnly?: boolean;
  idPrefix?: string;
}) {
  return (
    <Form layout="vertical" component="div" className="form-renderer request-form">
      {fields.map((field) => {
        const permission: Permission = readOnly ? 'readonly' : permissions ? permissions[field.key] ?? 'readonly' : 'editable';
        if (permission === 'hidden') return null;
        const disabled = permission === 'readonly' || !onChange;
        const set = (v: unknown) => onChange?.({ ...value, [field.key]: v });
        const id = `${idPrefix}-${field.key}`;
        // a table shows its problems in its cells
        const error = errors[field.key] && field.type !== 'table' ? errors[field.key] : undefined;
        return (
          <div key={field.key} className={`form-field${errors[field.key] ? ' has-error' : ''}`} data-testid={`field-${field.key}`}>
            <Form.Item label={field.label} htmlFor={id} required={field.required && !disabled} validateStatus={error ? 'error' : undefined} help={error && <span role="alert">{error}</span>} extra={field.description}>
              <FieldInput id={id} field={field} value={value[field.key]} disabled={disabled} onChange={set} error={errors[field.key]} />
            </Form.Item>
          </div>
        );
      })}
    </Form>
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const day = (v: unknown) => (typeof v === 'string' && v ? dayjs(v) : null);
const ISO_DAY = 'YYYY-MM-DD';

function FieldInput({ id, field, value, disabled, onChange, error }: CellProps & { error?: string }) {
  switch (field.type as (typeof FIELD_TYPES)[number]) {
    case 'textarea':
      return <Input.TextArea id={id} value={text(value)} disabled={disabled} autoSize={{ minRows: 2, maxRows: 8 }} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
    case 'money':
      return <InputNumber id={id} value={typeof value === 'number' ? value : null} disabled={disabled} style={{ width: '100%' }} inputMode="decimal"
        onChange={(v) => onChange(v === null ? undefined : Number(v))} />;
    case 'boolean':
      return <Checkbox id={id} checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
    case 'date':
      return <DatePicker id={id} value={day(value)} disabled={disabled} style={{ width: '100%' }} inputReadOnly onChange={(d) => onChange(d ? d.format(ISO_DAY) : undefined)} />;
    case 'dateRange': {
      const range = (value ?? {}) as { start?: string; end?: string };
      return (
        <DatePicker.RangePicker id={{ start: id, end: `${id}-end` }} value={[day(range.start), day(range.end)]} disabled={disabled} style={{ width: '100%' }} inputReadOnly
          onChange={(dates) => onChange(dates && (dates[0] || dates[1]) ? { start: dates[0]?.format(ISO_DAY), end: dates[1]?.format(ISO_DAY) } : undefined)} />
      );
    }
    case 'select':
    case 'multiselect':
      return (
        <Select id={id} mode={field.type === 'multiselect' ? 'multiple' : undefined} allowClear value={field.type === 'multiselect' ? (Array.isArray(value) ? value : []) : (text(value) || undefined)}
          disabled={disabled} style={{ width: '100%' }} options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label ?? o.value }))}
          onChange={(v) => onChange(v === undefined || (Array.isArray(v) && v.length === 0) ? undefined : v)} />
      );
    case 'people':
      return <PeoplePicker id={id} multiple={field.multiple} value={value as string | string[] | undefined} disabled={disabled} onChange={onChange} />;
    case 'department':
      return <DepartmentPicker id={id} multiple={field.multiple} value={value as string | string[] | undefined} disabled={disabled} onChange={onChange} />;
    case 'signature':
      return <SignatureInput value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={onChange} />;
    case 'attachment':
      return <AttachmentInput id={id} field={field} value={value} disabled={disabled} onChange={onChange} />;
    case 'table':
      return <TableInput id={id} field={field} value={value} disabled={disabled} onChange={onChange} error={error} Cell={FieldInput} />;
    default:
      return <Input id={id} value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
  }
}
