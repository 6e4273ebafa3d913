import {
  AppstoreOutlined, CloudUploadOutlined, CopyOutlined, DeleteOutlined, EllipsisOutlined, ExpandOutlined, FileAddOutlined,
  FolderOpenOutlined, ImportOutlined, PartitionOutlined, RedoOutlined, SaveOutlined, SnippetsOutlined, UndoOutlined, WarningOutlined,
} from '@ant-design/icons';
import type { Definition } from '@baton/dsl';
import { useReactFlow } from '@xyflow/react';
import { Button, ConfigProvider, Divider, Dropdown, Grid, Input, Select, Space, theme, Tooltip, Typography, type MenuProps, type RefSelectProps, type ThemeConfig } from 'antd';
import { cloneElement, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type DefinitionSummary } from '../shell/api';
import { blankDefinition, useDesigner } from './store';
import { WhatIfPanel } from './WhatIfPanel';

/** One command of the toolbar: a button on a desk, an entry of the "More" menu on a phone. */
interface Action { key: string; icon: ReactNode; label: string; shortcut?: string; disabled?: boolean; run(): void }

// narrower buttons than antd's 15 px sides keep every command of the desk toolbar on one row at 1440 px
const DENSE: ThemeConfig = { components: { Button: { paddingInline: 10 } } };

/**
 * The designer's toolbar. On a desk every command is in view; on a phone
 * only the mode switch, Save draft and Publish are, and the rest waits
 * behind "More" (at 390 px the whole row wrapped to five).
 */
export function Toolbar({ problems, onGallery, onSaved, message, setMessage, children }: {
  problems: number; onGallery(): void; onSaved(): void; message: string | null; setMessage(m: string | null): void; children: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const { token } = theme.useToken();
  const { fitView } = useReactFlow();
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const [note, setNote] = useState('');
  const [checking, setChecking] = useState<string | null>(null);
  const [list, setList] = useState<DefinitionSummary[]>([]);
  const [more, setMore] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const openSelectRef = useRef<RefSelectProps>(null);
  useEffect(() => {
    api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setList(r.items), () => undefined);
  }, [message]);
  const store = useDesigner.getState;
  const save = async () => {
    const { definition } = store();
    await api(`/definitions/${encodeURIComponent(definition.id)}`, { method: 'PUT', body: definition });
  };
  const run = async (action: () => Promise<string>) => {
    try {
      setMessage(await action());
      onSaved();
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.message}${e.problems.length ? `: ${e.problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}` : ''}` : String(e));
    }
  };
  const open = async (id: string) => {
    setMore(false);
    // the list is a command, not a field: it gives the focus back once the flow is chosen
    openSelectRef.current?.blur();
    const reply = await api<{ definition: Definition }>(`/definitions/${encodeURIComponent(id)}`);
    store().load(reply.definition);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    store().load(JSON.parse(await file.text()) as Definition);
  };

  const blank: Action = { key: 'blank', icon: <FileAddOutlined />, label: t('designer.blank'), run: () => store().load(blankDefinition()) };
  const templates: Action = { key: 'open-gallery', icon: <AppstoreOutlined />, label: t('designer.templates'), run: onGallery };
  const importJson: Action = { key: 'import-json', icon: <ImportOutlined />, label: t('designer.import'), run: () => fileInput.current?.click() };
  const fileActions = [blank, templates, importJson];
  const editActions: Action[] = [
    { key: 'undo', icon: <UndoOutlined />, label: t('designer.undo'), shortcut: 'Ctrl+Z', disabled: !canUndo, run: () => store().undo() },
    { key: 'redo', icon: <RedoOutlined />, label: t('designer.redo'), shortcut: 'Ctrl+Shift+Z', disabled: !canRedo, run: () => store().redo() },
    { key: 'copy', icon: <CopyOutlined />, label: t('designer.copy'), shortcut: 'Ctrl+C', run: () => store().copySelection() },
    { key: 'paste', icon: <SnippetsOutlined />, label: t('designer.paste'), shortcut: 'Ctrl+V', run: () => store().paste() },
    { key: 'delete', icon: <DeleteOutlined />, label: t('designer.delete'), shortcut: 'Delete', run: () => store().deleteSelection() },
    { key: 'layout', icon: <PartitionOutlined />, label: t('designer.layout'), shortcut: 'Shift+L', run: () => store().layout() },
    { key: 'fit', icon: <ExpandOutlined />, label: t('designer.fit'), shortcut: 'Shift+F', run: () => void fitView() },
  ];

  const openSelect = (
    <Select<string>
      ref={openSelectRef}
      value={null}
      onChange={(id) => void open(id)}
      showSearch={{ optionFilterProp: 'label' }}
      prefix={<FolderOpenOutlined />}
      placeholder={t('designer.openFlow')}
      aria-label={t('designer.open')}
      data-testid="open-definition"
      style={{ width: phone ? '100%' : 170 }}
      popupMatchSelectWidth={phone ? true : 320}
      options={list.map((d) => ({ value: d.id, label: `${d.name} (${d.id})` }))}
      optionRender={(o) => <span data-testid={`definition-option-${o.value}`}>{o.label}</span>}
    />
  );
  const noteInput = (
    <Input placeholder={t('designer.publishNote')} aria-label={t('designer.publishNote')} value={note} onChange={(e) => setNote(e.target.value)}
      data-testid="publish-note" allowClear style={{ width: phone ? '100%' : 150 }} />
  );
  const saveButton = (
    <Button icon={phone ? undefined : <SaveOutlined />} data-testid="save" onClick={() => void run(async () => { await save(); return t('designer.saved'); })}>{t('designer.save')}</Button>
  );
  const publishButton = (
    <Tooltip title={problems > 0 ? t('designer.publishBlocked') : undefined}>
      <Button
        type="primary"
        // blocked, Publish wears a warning sign (its tooltip says why; the Problems tab lists them) rather than a sentence that
        // wraps the toolbar; a phone's row has room for the plain disabled button only
        icon={phone ? undefined : problems > 0 ? <WarningOutlined role="img" aria-label={t('designer.publishBlocked')} data-testid="publish-blocked" /> : <CloudUploadOutlined />}
        data-testid="publish"
        disabled={problems > 0}
        onClick={() => void run(async () => {
          // the draft is saved, then what-if shows what publishing it would do before anything is published
          await save();
          setChecking(store().definition.id);
          return '';
        })}
      >
        {t('designer.publish')}
      </Button>
    </Tooltip>
  );
  const asButton = (a: Action) => (
    <Button key={a.key} icon={a.icon} data-testid={a.key} disabled={a.disabled} onClick={a.run}>{a.label}</Button>
  );
  const asIconButton = (a: Action) => (
    <Tooltip key={a.key} title={`${a.label} (${a.shortcut})`}>
      <Button icon={a.icon} aria-label={a.label} data-testid={a.key} disabled={a.disabled} onClick={a.run} />
    </Tooltip>
  );
  const asMenu = (actions: Action[]): NonNullable<MenuProps['items']> => actions.map((a) => ({
    key: a.key, icon: a.icon, label: a.label, disabled: a.disabled, extra: a.shortcut, 'data-testid': `more-${a.key}`,
  }));
  const every = [...fileActions, ...editActions];
  const moreMenu = (
    <Dropdown
      trigger={['click']}
      open={more}
      onOpenChange={setMore}
      menu={{ items: [...asMenu(fileActions), { type: 'divider' }, ...asMenu(editActions)], onClick: ({ key }) => every.find((a) => a.key === key)?.run() }}
      popupRender={(menu) => (
        <div className="toolbar-more" style={{ background: token.colorBgElevated, borderRadius: token.borderRadiusLG, boxShadow: token.boxShadowSecondary }}>
          <div className="toolbar-more-fields">{openSelect}{noteInput}</div>
          {cloneElement(menu as ReactElement<{ style?: React.CSSProperties }>, { style: { boxShadow: 'none' } })}
        </div>
      )}
    >
      <Button icon={<EllipsisOutlined />} aria-label={t('designer.more')} title={t('designer.more')} data-testid="toolbar-more" />
    </Dropdown>
  );
  const sep = <Divider orientation="vertical" />;

  return (
    <>
      <ConfigProvider componentSize={phone ? 'small' : 'middle'} theme={DENSE}>
        <div className={phone ? 'toolbar phone' : 'toolbar'} role="toolbar" aria-label={t('designer.toolbar')}>
          {children}
          {phone ? (
            <>{saveButton}{publishButton}{moreMenu}</>
          ) : (
            <>
              {sep}{asButton(blank)}{asButton(templates)}{openSelect}{asButton(importJson)}
              {sep}<Space.Compact>{editActions.map(asIconButton)}</Space.Compact>
              {sep}{saveButton}{noteInput}{publishButton}
            </>
          )}
          {message && <Typography.Text className="message" data-testid="message">{message}</Typography.Text>}
          <input ref={fileInput} type="file" accept="application/json,.json" hidden data-testid="import"
            onChange={(e) => { void importFile(e.target.files?.[0]); e.target.value = ''; }} />
        </div>
      </ConfigProvider>
      {checking && (
        <WhatIfPanel
          definitionId={checking}
          note={note}
          onCancel={() => { setChecking(null); setMessage(null); }}
          onPublished={(version) => {
            setChecking(null);
            setNote('');
            setMessage(t('designer.published', { version }));
            onSaved();
          }}
        />
      )}
    </>
  );
}
