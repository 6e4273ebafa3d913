import { FIELD_TYPES, validateFormData, type FormField } from '@baton/dsl';
import { useTranslation } from 'react-i18next';
import { AttachmentInput } from './AttachmentInput';
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
    if (!(key in errors)) errors[key] = p.message;
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
  const { t } = useTranslation();
  return (
    <div className="form-renderer">
      {fields.map((field) => {
        const permission: Permission = readOnly ? 'readonly' : permissions ? permissions[field.key] ?? 'readonly' : 'editable';
        if (permission === 'hidden') return null;
        const disabled = permission === 'readonly' || !onChange;
        const set = (v: unknown) => onChange?.({ ...value, [field.key]: v });
        const id = `${idPrefix}-${field.key}`;
        return (
          <div key={field.key} className={`form-field${errors[field.key] ? ' has-error' : ''}`} data-testid={`field-${field.key}`}>
            <label htmlFor={id}>
              {field.label}
              {field.required && <span className="required" title={t('portal.required')}> *</span>}
            </label>
            <FieldInput id={id} field={field} value={value[field.key]} disabled={disabled} onChange={set} error={errors[field.key]} />
            {field.description && <small>{field.description}</small>}
            {/* a table shows its problems in its cells */}
            {errors[field.key] && field.type !== 'table' && <div className="field-error" role="alert">{errors[field.key]}</div>}
          </div>
        );
      })}
    </div>
  );
}

function FieldInput({ id, field, value, disabled, onChange, error }: CellProps & { error?: string }) {
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  switch (field.type as (typeof FIELD_TYPES)[number]) {
    case 'textarea':
      return <textarea id={id} value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
    case 'money':
      return <input id={id} type="number" step="any" value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
    case 'boolean':
      return <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
    case 'date':
      return <input id={id} type="date" value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)} />;
    case 'dateRange': {
      const range = (value ?? {}) as { start?: string; end?: string };
      const put = (part: 'start' | 'end', v: string) => {
        const next = { ...range, [part]: v || undefined };
        onChange(next.start || next.end ? next : undefined);
      };
      return (
        <span className="date-range">
          <input id={id} type="date" value={range.start ?? ''} disabled={disabled} onChange={(e) => put('start', e.target.value)} data-part="start" />
          <span> – </span>
          <input id={`${id}-end`} type="date" value={range.end ?? ''} disabled={disabled} onChange={(e) => put('end', e.target.value)} data-part="end" />
        </span>
      );
    }
    case 'select':
      return (
        <select id={id} value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">—</option>
          {(field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label ?? o.value}</option>)}
        </select>
      );
    case 'multiselect': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <select id={id} multiple value={chosen} disabled={disabled} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
          {(field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label ?? o.value}</option>)}
        </select>
      );
    }
    case 'people':
    case 'department':
      if (field.multiple) {
        return <input id={id} value={Array.isArray(value) ? value.join(', ') : ''} disabled={disabled} onChange={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />;
      }
      return <input id={id} value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value.trim() || undefined)} />;
    case 'signature':
      return <SignatureInput value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={onChange} />;
    case 'attachment':
      return <AttachmentInput id={id} field={field} value={value} disabled={disabled} onChange={onChange} />;
    case 'table':
      return <TableInput id={id} field={field} value={value} disabled={disabled} onChange={onChange} error={error} Cell={FieldInput} />;
    default:
      return <input id={id} value={text(value)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
  }
}
