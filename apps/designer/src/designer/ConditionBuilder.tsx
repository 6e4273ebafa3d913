import type { FormField } from '@baton/dsl';
import { useMemo, useState } from 'react';
import { formatQuery, QueryBuilder, type Field, type RuleGroupType } from 'react-querybuilder';
import { parseJsonLogic } from 'react-querybuilder/parseJsonLogic';

/**
 * A visual condition over the form's fields that writes json-logic
 * (`{ ">": [{ "var": "form.days" }, 3] }`), read back with parseJsonLogic.
 */

export function fieldsForConditions(fields: readonly FormField[]): Array<Field & { value: string }> {
  return fields
    .filter((f) => f.type !== 'table' && f.type !== 'signature' && f.type !== 'attachment')
    .map((f): Field & { value: string } => {
      const name = `form.${f.key}`;
      const base = { name, value: name, label: f.label };
      if (f.type === 'number' || f.type === 'money') return { ...base, inputType: 'number' };
      if (f.type === 'boolean') return { ...base, valueEditorType: 'checkbox', operators: [{ name: '=', value: '=', label: '=' }] };
      if (f.type === 'date') return { ...base, inputType: 'date' };
      if ((f.type === 'select' || f.type === 'multiselect') && f.options) {
        return { ...base, valueEditorType: 'select', values: f.options.map((o) => ({ name: o.value, value: o.value, label: o.label ?? o.value })) };
      }
      return base;
    });
}

const EMPTY: RuleGroupType = { combinator: 'and', rules: [] };

export function toJsonLogic(query: RuleGroupType, fields: readonly Field[]): unknown {
  const logic = formatQuery(query, { format: 'jsonlogic', parseNumbers: true, fields: fields as Field[] }) as unknown;
  // a group of one rule is that rule: { ">": [...] } rather than { "and": [{ ">": [...] }] }
  if (logic && typeof logic === 'object') {
    const [op, args] = Object.entries(logic)[0] ?? [];
    if ((op === 'and' || op === 'or') && Array.isArray(args) && args.length === 1) return args[0];
  }
  return logic;
}

export function ConditionBuilder({ value, fields, onChange }: { value: unknown; fields: readonly FormField[]; onChange(logic: unknown): void }) {
  const queryFields = useMemo(() => fieldsForConditions(fields), [fields]);
  const [query, setQuery] = useState<RuleGroupType>(() => (value === undefined ? EMPTY : parseJsonLogic(value as never, { fields: queryFields })));
  return (
    <div className="condition-builder" data-testid="condition-builder">
      <QueryBuilder
        fields={queryFields}
        query={query}
        enableMountQueryChange={false}
        onQueryChange={(q) => {
          setQuery(q);
          onChange(toJsonLogic(q, queryFields));
        }}
        controlClassnames={{ queryBuilder: 'qb' }}
      />
    </div>
  );
}
