import type { FieldProps } from '@rjsf/utils';
import { Select, Space } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentPicker } from '../shell/DepartmentPicker';
import { useDirectory } from '../shell/directory';
import { PeoplePicker } from '../shell/PeoplePicker';
import { useDesigner } from './store';

/**
 * One approver or person copied, chosen rather than typed: who (direct
 * manager, a person, a business role, a department's head, a people field
 * of the form...), then the person, role, department, field or level from
 * a picker. Serves every node config that names people.
 */

export interface Assignee { type: string; value?: string; level?: number }

const KINDS = ['manager', 'managers', 'user', 'role', 'departmentHead', 'field', 'initiator', 'chosen'] as const;
const LEVELS = [1, 2, 3, 4];

/** What changing the kind keeps: a level for managers, nothing else. */
export function withKind(type: string): Assignee {
  return type === 'manager' || type === 'managers' ? { type, level: 1 } : { type };
}

export function AssigneeEditor({ id, value, onChange, disabled }: { id: string; value: Assignee | undefined; onChange(next: Assignee): void; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const { people, roles, load } = useDirectory();
  const fields = useDesigner((s) => s.definition.form.fields);
  useEffect(() => {
    void load();
  }, [load]);
  const zh = i18n.language.startsWith('zh');
  const roleOptions = useMemo(() => {
    const business = roles.map((r) => ({ value: r.code, label: zh ? r.name.zh : r.name.en }));
    const access = [...new Set(people.flatMap((p) => p.roles))].filter((r) => !roles.some((b) => b.code === r))
      .map((r) => ({ value: r, label: t(`roles.${r}`, r) }));
    return [...business, ...access];
  }, [roles, people, zh, t]);
  const peopleFields = fields.filter((f) => f.type === 'people').map((f) => ({ value: f.key, label: f.label }));
  // a row with no kind yet shows the one it is about to get
  const a = value?.type ? value : withKind('manager');
  const set = (patch: Partial<Assignee>) => {
    const next = { ...a, ...patch };
    if (next.value === undefined) delete next.value;
    onChange(next);
  };
  return (
    <Space.Compact block className="assignee" data-testid={`${id}-assignee`}>
      <Select
        id={`${id}_type`}
        data-testid={`${id}-kind`}
        aria-label={t('config.type')}
        value={a.type}
        disabled={disabled}
        style={{ width: 130, flex: 'none' }}
        options={KINDS.map((k) => ({ value: k, label: t(`assignee.${k}`) }))}
        onChange={(type: string) => onChange(withKind(type))}
        optionRender={(o) => <span data-testid={`kind-option-${o.value}`}>{o.label}</span>}
      />
      {(a.type === 'manager' || a.type === 'managers') && (
        <Select id={`${id}_level`} data-testid={`${id}-level`} aria-label={t('config.level')} value={a.level ?? 1} disabled={disabled} style={{ width: 100, flex: 'none' }}
          options={LEVELS.map((l) => ({ value: l, label: t('assignee.level', { level: l }) }))} onChange={(level: number) => set({ level })} />
      )}
      {a.type === 'user' && (
        <PeoplePicker id={`${id}_value`} testId={`${id}-person`} value={a.value} disabled={disabled} onChange={(v) => set({ value: typeof v === 'string' ? v : undefined })} />
      )}
      {a.type === 'role' && (
        <Select id={`${id}_value`} data-testid={`${id}-role`} aria-label={t('assignee.role')} value={a.value} disabled={disabled} style={{ flex: 1, minWidth: 0 }} showSearch={{ optionFilterProp: 'label' }}
          options={roleOptions} placeholder={t('assignee.chooseRole')} onChange={(v: string) => set({ value: v })}
          optionRender={(o) => <span data-testid={`role-option-${o.value}`}>{o.label}</span>} />
      )}
      {a.type === 'departmentHead' && (
        <DepartmentPicker id={`${id}_value`} testId={`${id}-department`} value={a.value} disabled={disabled} onChange={(v) => set({ value: typeof v === 'string' ? v : undefined })} />
      )}
      {a.type === 'field' && (
        <Select id={`${id}_value`} data-testid={`${id}-field`} aria-label={t('assignee.field')} value={a.value} disabled={disabled} style={{ flex: 1, minWidth: 0 }}
          options={peopleFields} placeholder={t('assignee.chooseField')} notFoundContent={t('assignee.noPeopleField')} onChange={(v: string) => set({ value: v })}
          optionRender={(o) => <span data-testid={`field-option-${o.value}`}>{o.label}</span>} />
      )}
    </Space.Compact>
  );
}

/** The rjsf field of one list item of people specs. */
export function AssigneeField(props: FieldProps<Assignee>) {
  const { formData, onChange, disabled, readonly, fieldPathId } = props;
  // a choice made in the row before the effect below ran wins over it, whichever change lands last
  const chosen = useRef(false);
  // a new list item is `{}`: it becomes what the editor shows, the direct manager
  useEffect(() => {
    if (!formData?.type && !chosen.current) onChange(withKind('manager'), fieldPathId.path);
  }, [formData?.type, onChange, fieldPathId.path]);
  return (
    <AssigneeEditor id={fieldPathId.$id} value={formData} disabled={disabled || readonly}
      onChange={(next) => { chosen.current = true; onChange(next, fieldPathId.path); }} />
  );
}
