import { Alert, Button, Drawer, Grid, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, problemText } from '../shell/api';
import { formMessage } from '../shell/form-messages';

/**
 * A CSV import drawer: "Check" asks the engine for a dry run and shows each
 * bad line with its column and reason, nothing saved; "Import" saves all
 * lines or none. Serves people, departments and role holders alike.
 */

interface LineProblem { line: number | null; column: string; message: string }

/** The engine's `/csv/<line>/<column>` pointers as rows of a table. */
export function lineProblems(e: unknown): LineProblem[] {
  if (!(e instanceof ApiError) || e.problems.length === 0) return [{ line: null, column: '', message: problemText(e) }];
  return e.problems.map((p) => {
    const [, csv, line, column] = p.pointer.split('/');
    return csv === 'csv' && line ? { line: Number(line), column: column ?? '', message: formMessage(p.message.replace(/^line \d+: \S+ /, '')) } : { line: null, column: '', message: p.message };
  });
}

export function CsvImport({ path, template, title, hint, testId, onClose, onImported }: {
  path: string; template: string; title: string; hint: string; testId: string; onClose(): void; onImported(count: number): void;
}) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [csv, setCsv] = useState(template);
  const [problems, setProblems] = useState<LineProblem[]>([]);
  const [ready, setReady] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const send = (dryRun: boolean) => {
    setBusy(true);
    setProblems([]);
    setReady(null);
    void api<{ imported: number }>(path, { body: dryRun ? { csv, dryRun } : { csv } }).then((r) => {
      setBusy(false);
      if (dryRun) setReady(r.imported);
      else onImported(r.imported);
    }, (e: unknown) => {
      setBusy(false);
      setProblems(lineProblems(e));
    });
  };
  return (
    <Drawer open title={title} onClose={onClose} size={phone ? '100%' : 560} destroyOnHidden data-testid={testId}
      extra={(
        <Space>
          <Button loading={busy} onClick={() => send(true)} data-testid={`${testId}-check`}>{t('csv.check')}</Button>
          <Button type="primary" loading={busy} onClick={() => send(false)} data-testid={`${testId}-run`}>{t('csv.import')}</Button>
        </Space>
      )}>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Input.TextArea value={csv} onChange={(e) => { setCsv(e.target.value); setReady(null); }} autoSize={{ minRows: 8, maxRows: 20 }} spellCheck={false}
        style={{ fontFamily: 'monospace' }} aria-label={title} data-testid={`${testId}-csv`} />
      {ready !== null && <Alert type="success" showIcon style={{ marginTop: 12 }} data-testid={`${testId}-ready`} title={t('csv.ready', { count: ready })} />}
      {problems.length > 0 && (
        <div data-testid={`${testId}-problems`} style={{ marginTop: 12 }}>
          <Alert type="error" showIcon title={t('csv.nothingSaved', { count: new Set(problems.map((p) => p.line)).size })} style={{ marginBottom: 8 }} />
          <Table<LineProblem> size="small" rowKey={(p) => `${p.line}-${p.column}-${p.message}`} pagination={false} dataSource={problems}
            onRow={(p) => ({ 'data-testid': `${testId}-line-${p.line ?? 'file'}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('csv.line'), dataIndex: 'line', width: 64, render: (l: number | null) => l ?? '—' },
              { title: t('csv.column'), dataIndex: 'column', width: 110 },
              { title: t('csv.problem'), dataIndex: 'message' },
            ]} />
        </div>
      )}
    </Drawer>
  );
}
