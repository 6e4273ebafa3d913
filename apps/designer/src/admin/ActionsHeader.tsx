import { useTranslation } from 'react-i18next';

/** The header of a table's column of buttons (or expanders): read by screen readers, not shown (the buttons say what they do). */
export function ActionsHeader({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <span className="visually-hidden">{label ?? t('admin.actions')}</span>;
}
