import { TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory, type DirectoryDepartment } from './directory';

interface TreeNode { value: string; title: string; children: TreeNode[] }

/** Departments as the tree they form (parents before children). */
export function departmentTree(departments: readonly DirectoryDepartment[], parent: string | null = null): TreeNode[] {
  const known = new Set(departments.map((d) => d.id));
  return departments
    .filter((d) => (parent === null ? d.parentId === null || !known.has(d.parentId) : d.parentId === parent))
    .map((d) => ({ value: d.id, title: d.name, children: departmentTree(departments.filter((x) => x.id !== d.id), d.id) }));
}

/** Choose one or several departments from the organisation's tree, searching by name. */
export function DepartmentPicker({ value, onChange, multiple = false, id, disabled, testId }: {
  value?: string | string[];
  onChange(next: string | string[] | undefined): void;
  multiple?: boolean;
  id?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { departments, load } = useDirectory();
  useEffect(() => {
    void load();
  }, [load]);
  const tree = useMemo(() => departmentTree(departments), [departments]);
  return (
    <TreeSelect id={id} data-testid={testId} aria-label={t('picker.departments')} treeData={tree} value={value} multiple={multiple} disabled={disabled} allowClear showSearch treeDefaultExpandAll
      treeNodeFilterProp="title" style={{ width: '100%' }} onChange={(v) => onChange(v ?? undefined)} />
  );
}
