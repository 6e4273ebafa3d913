import type { WidgetProps } from '@rjsf/utils';
import { AutoComplete } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentNames, useDirectory } from '../shell/directory';

/**
 * The `value` of an assignee: a person, a role, a department or a form
 * field. Typing searches people by name and department, roles and
 * departments by name; choosing one writes its id. Anything else typed stays
 * as typed (a form field's key, a role not yet held).
 */
export function OrgPickerWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly } = props;
  const { t } = useTranslation();
  const { people, departments, load } = useDirectory();
  useEffect(() => {
    void load();
  }, [load]);
  const roles = useMemo(() => [...new Set(people.flatMap((p) => p.roles))].sort(), [people]);
  const options = useMemo(() => [
    { label: t('picker.people'), options: people.map((p) => ({ value: p.id, label: `${p.name} · ${departmentNames(p, departments) || p.id}` })) },
    { label: t('picker.roles'), options: roles.map((r) => ({ value: r, label: t(`roles.${r}`, r) })) },
    { label: t('picker.departments'), options: departments.map((d) => ({ value: d.id, label: d.name })) },
  ], [people, departments, roles, t]);
  return (
    <AutoComplete
      id={id}
      value={typeof value === 'string' ? value : ''}
      disabled={disabled || readonly}
      options={options}
      style={{ width: '100%' }}
      placeholder={t('picker.search')}
      showSearch={{ filterOption: (input, option) => {
        const o = option as { value?: string; label?: unknown } | undefined;
        return `${o?.value ?? ''} ${String(o?.label ?? '')}`.toLowerCase().includes(input.trim().toLowerCase());
      } }}
      onChange={(v: string) => onChange(v === '' ? undefined : v)}
    />
  );
}
