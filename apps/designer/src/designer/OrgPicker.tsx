import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useId } from 'react';
import { create } from 'zustand';
import { api } from '../shell/api';

/** People, roles and departments of the organisation, fetched once, for pickers. */
export interface OrgChoices {
  people: Array<{ id: string; name: string }>;
  roles: string[];
  departments: Array<{ id: string; name: string }>;
}

export const useOrgChoices = create<{ choices: OrgChoices; loaded: boolean; load(): Promise<void> }>((set, get) => ({
  choices: { people: [], roles: [], departments: [] },
  loaded: false,
  async load() {
    if (get().loaded) return;
    set({ loaded: true });
    const [users, departments] = await Promise.all([
      api<{ items: Array<{ id: string; name: string; roles: string[] }> }>('/org/users?limit=500').catch(() => ({ items: [] })),
      api<{ items: Array<{ id: string; name: string }> }>('/org/departments').catch(() => ({ items: [] })),
    ]);
    set({
      choices: {
        people: users.items.map((u) => ({ id: u.id, name: u.name })),
        roles: [...new Set(users.items.flatMap((u) => u.roles))].sort(),
        departments: departments.items.map((d) => ({ id: d.id, name: d.name })),
      },
    });
  },
}));

/** The `value` of an assignee: a person, a role, a department or a field, typed or picked from the organisation. */
export function OrgPickerWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly } = props;
  const { choices, load } = useOrgChoices();
  const list = useId();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <input
        id={id}
        className="form-control"
        list={list}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled || readonly}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <datalist id={list}>
        {choices.people.map((p) => <option key={`u:${p.id}`} value={p.id}>{`${p.name} (person)`}</option>)}
        {choices.roles.map((r) => <option key={`r:${r}`} value={r}>{`${r} (role)`}</option>)}
        {choices.departments.map((d) => <option key={`d:${d.id}`} value={d.id}>{`${d.name} (department)`}</option>)}
      </datalist>
    </>
  );
}
