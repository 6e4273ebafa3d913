import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOURS: Record<string, string> = {
  running: 'processing', pending: 'processing', waiting: 'default', returned: 'warning', completed: 'success', approved: 'success',
  rejected: 'error', withdrawn: 'default', cancelled: 'default', transferred: 'purple', failed: 'error',
  awaitingApproval: 'warning', notApproved: 'default', scheduled: 'processing',
};

/** A request's or task's status as a coloured tag, in the reader's language. */
export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status] ?? 'default'} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>{t(`status.${status}`, status)}</Tag>;
}
