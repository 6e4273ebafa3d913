import { create } from 'zustand';
import { api } from './api';

/** People and departments of the organisation as pickers need them, fetched once per page load. */

export interface DirectoryPerson { id: string; name: string; email?: string; departments: string[]; managerId?: string | null; roles: string[]; active?: boolean }
export interface DirectoryDepartment { id: string; name: string; parentId: string | null; headId?: string | null }
/** A business role (finance, HR BP...) by its code, named in both languages. */
export interface DirectoryRole { code: string; name: { en: string; zh: string } }

interface DirectoryState {
  people: DirectoryPerson[];
  departments: DirectoryDepartment[];
  roles: DirectoryRole[];
  loaded: boolean;
  load(): Promise<void>;
  /** fetch again after an admin changed the organisation */
  reload(): Promise<void>;
}

export const useDirectory = create<DirectoryState>((set, get) => ({
  people: [],
  departments: [],
  roles: [],
  loaded: false,
  async load() {
    if (get().loaded) return;
    await get().reload();
  },
  async reload() {
    set({ loaded: true });
    const [users, departments, roles] = await Promise.all([
      api<{ items: DirectoryPerson[] }>('/org/users?limit=500').catch(() => ({ items: [] })),
      api<{ items: DirectoryDepartment[] }>('/org/departments').catch(() => ({ items: [] })),
      api<{ items: DirectoryRole[] }>('/org/business-roles').catch(() => ({ items: [] })),
    ]);
    set({ people: users.items, departments: departments.items, roles: roles.items });
  },
}));

/** "Sales, Sales East": the names of a person's departments. */
export function departmentNames(person: Pick<DirectoryPerson, 'departments'>, departments: readonly DirectoryDepartment[]): string {
  return person.departments.map((id) => departments.find((d) => d.id === id)?.name ?? id).join(', ');
}
