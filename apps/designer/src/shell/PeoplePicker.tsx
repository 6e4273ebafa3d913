import { Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentNames, useDirectory } from './directory';

/**
 * Choose a person by typing part of their name, id or department: serves
 * transfer, add signer, managers and people fields. The value is the id.
 */
export function PeoplePicker({ value, onChange, multiple = false, exclude = [], testId, id, disabled, placeholder }: {
  value?: string | string[];
  onChange(next: string | string[] | undefined): void;
  multiple?: boolean;
  exclude?: string[];
  testId?: string;
  id?: string;
  disabled?: boolean;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const { people, departments, load } = useDirectory();
  useEffect(() => {
    void load();
  }, [load]);
  const options = useMemo(() => people.filter((p) => p.active !== false && !exclude.includes(p.id)).map((p) => {
    const where = departmentNames(p, departments);
    return { value: p.id, label: p.name, search: `${p.name} ${p.id} ${where}`.toLowerCase(), where };
  }), [people, departments, exclude]);
  return (
    <Select
      id={id}
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: (input, option) => (option?.search ?? '').includes(input.trim().toLowerCase()) }}
      allowClear
      disabled={disabled}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      placeholder={placeholder ?? t('people.search')}
      aria-label={placeholder ?? t('people.search')}
      style={{ width: '100%', minWidth: 180 }}
      options={options}
      optionRender={(o) => (
        <span data-testid={`person-option-${o.value}`}>
          {o.data.label} <span style={{ color: '#6b7585', fontSize: 12 }}>{o.data.where ? `· ${o.data.where}` : ''}</span>
        </span>
      )}
      notFoundContent={t('people.none')}
    />
  );
}
