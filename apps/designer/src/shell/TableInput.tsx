import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { validateFormData, type FormField } from '@baton/dsl';
import { Button, Space } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { formMessage } from './form-messages';

export type Row = Record<string, unknown>;

/** The rows a table field holds (anything else counts as none). */
export function rowsOf(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r)) : [];
}

/** One cell set; a cleared cell is absent from its row rather than undefined. */
export function withCell(rows: readonly Row[], index: number, key: string, v: unknown): Row[] {
  return rows.map((row, i) => {
    if (i !== index) return row;
    const next = { ...row, [key]: v };
    if (v === undefined || v === '') delete next[key];
    return next;
  });
}

/** `rows` with row `index` moved by `by` places (-1 up, +1 down); unchanged at the ends. */
export function moved(rows: readonly Row[], index: number, by: -1 | 1): Row[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/**
 * Problems per cell, `row → column key → message`, from the same form
 * validation the engine runs on a submission (each row is a form of the
 * columns).
 */
export function cellErrors(columns: readonly FormField[], rows: readonly Row[]): Array<Record<string, string>> {
  return rows.map((row) => {
    const errors: Record<string, string> = {};
    for (const p of validateFormData(columns, row)) {
      const key = p.pointer.split('/')[2] ?? '';
      if (!(key in errors)) errors[key] = formMessage(p.message);
    }
    return errors;
  });
}

export interface CellProps {
  id: string;
  field: FormField;
  value: unknown;
  disabled: boolean;
  onChange(v: unknown): void;
}

/**
 * A table (detail rows) field: one row per line item, one input per column
 * by the column's type, rows added, removed and reordered; problems shown in
 * their cell once the form shows its problems (`error` is the field's).
 */
export function TableInput({ id, field, value, disabled, onChange, error, Cell }: CellProps & { error?: string; Cell: ComponentType<CellProps> }) {
  const { t } = useTranslation();
  const columns = (field.columns ?? []) as FormField[];
  const rows = rowsOf(value);
  const errors = error ? cellErrors(columns, rows) : [];
  const cellProblems = errors.some((e) => Object.keys(e).length > 0);
  const set = (next: Row[]) => onChange(next.length > 0 ? next : undefined);
  return (
    <div className="table-input" id={id} data-testid="table-input">
      <table>
        <thead>
          <tr>
            <th>#</th>
            {columns.map((c) => <th key={c.key} scope="col">{c.label}{c.required && <span className="required"> *</span>}</th>)}
            {!disabled && <th><span className="visually-hidden">{t('table.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={columns.length + 2}>{t('table.empty')}</td></tr>}
          {rows.map((row, i) => (
            <tr key={i} data-testid={`table-row-${i}`}>
              <td>{i + 1}</td>
              {columns.map((c) => (
                <td key={c.key} className={errors[i]?.[c.key] ? 'has-error' : undefined} data-testid={`cell-${i}-${c.key}`}>
                  <Cell id={`${id}-${i}-${c.key}`} field={c} value={row[c.key]} disabled={disabled} onChange={(v) => set(withCell(rows, i, c.key, v))} />
                  {errors[i]?.[c.key] && <div className="field-error" role="alert">{errors[i]![c.key]}</div>}
                </td>
              ))}
              {!disabled && (
                <td className="row-actions">
                  <Space.Compact>
                    <Button size="small" icon={<ArrowUpOutlined />} data-testid="row-up" disabled={i === 0} aria-label={t('table.up', { row: i + 1 })} onClick={() => set(moved(rows, i, -1))} />
                    <Button size="small" icon={<ArrowDownOutlined />} data-testid="row-down" disabled={i === rows.length - 1} aria-label={t('table.down', { row: i + 1 })} onClick={() => set(moved(rows, i, 1))} />
                    <Button size="small" danger icon={<DeleteOutlined />} data-testid="row-remove" aria-label={t('table.remove', { row: i + 1 })} onClick={() => set(rows.filter((_, j) => j !== i))} />
                  </Space.Compact>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!disabled && <Button type="dashed" icon={<PlusOutlined />} data-testid="row-add" onClick={() => set([...rows, {}])} style={{ marginTop: 6 }}>{t('table.add')}</Button>}
      {error && !cellProblems && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}
