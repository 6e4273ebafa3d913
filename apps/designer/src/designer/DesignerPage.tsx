import { KINDS, validate, type Definition } from '@baton/dsl';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { Segmented } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type DefinitionSummary } from '../shell/api';
import { isTyping } from '../shell/keys';
import { ApprovalFlow } from './ApprovalFlow';
import { Canvas } from './Canvas';
import { FormDesigner } from './FormDesigner';
import { useNodeTypes } from './node-types';
import { Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { PropertyPanel } from './PropertyPanel';
import { Simulator } from './Simulator';
import { blankDefinition, useDesigner } from './store';
import { TemplateGallery } from './TemplateGallery';
import { Versions } from './Versions';
import { WhatIfPanel } from './WhatIfPanel';

/** Two views of one definition: the graph on a canvas, or the office suites' chain of approval steps. */
type Mode = 'canvas' | 'chain';
type Tab = 'properties' | 'problems' | 'form' | 'settings' | 'simulator' | 'versions';

/** Keyboard shortcuts of the canvas: undo, redo, delete, copy, paste, layout, fit. */
function useShortcuts(zoomToFit: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = useDesigner.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) s.redo();
      else if (mod && key === 'c') s.copySelection();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'a') s.select({ nodes: s.definition.nodes.map((n) => n.id), edges: [] });
      else if (e.key === 'Delete' || e.key === 'Backspace') s.deleteSelection();
      else if (e.shiftKey && key === 'l') s.layout();
      else if (e.shiftKey && key === 'f') zoomToFit();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [zoomToFit]);
}

const slug = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** A new flow's id follows its name ("Leave by pickers" → leave-by-pickers) until someone sets the id apart. */
function idFollowingName(d: Definition, name: string): Partial<Definition> {
  const follows = d.id === blankDefinition().id || d.id === slug(d.name);
  const id = slug(name);
  return follows && /^[a-z]/.test(id) ? { id } : {};
}

function Settings() {
  const { t } = useTranslation();
  const d = useDesigner((s) => s.definition);
  const set = (patch: Partial<Definition>) => useDesigner.getState().commit((draft) => {
    Object.assign(draft, patch);
    for (const key of Object.keys(patch) as Array<keyof Definition>) if (patch[key] === undefined) delete draft[key];
  });
  return (
    <div className="settings" data-testid="settings">
      <label>{t('designer.id')}<input value={d.id} data-testid="def-id" onChange={(e) => set({ id: e.target.value })} /></label>
      <label>{t('designer.name')}<input value={d.name} data-testid="def-name" onChange={(e) => set({ name: e.target.value, ...idFollowingName(d, e.target.value) })} /></label>
      <label>{t('designer.kind')}<select value={d.kind} onChange={(e) => set({ kind: e.target.value as Definition['kind'] })}>{KINDS.map((k) => <option key={k}>{k}</option>)}</select></label>
      <label>{t('designer.category')}<input value={d.category ?? ''} data-testid="def-category" onChange={(e) => set({ category: e.target.value || undefined })} /></label>
      <label>{t('designer.description')}<textarea value={d.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} /></label>
      {d.kind === 'campaign' && <ApprovalGate />}
    </div>
  );
}

/** A campaign's settings.approval: the approval flow whose request must complete approved before it sends, picked from the approval definitions. */
function ApprovalGate() {
  const { t } = useTranslation();
  const settings = useDesigner((s) => s.definition.settings);
  const [flows, setFlows] = useState<DefinitionSummary[]>([]);
  useEffect(() => {
    api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setFlows(r.items.filter((d) => d.kind === 'approval' && d.latestVersion !== null)), () => undefined);
  }, []);
  const choose = (definitionId: string) => useDesigner.getState().commit((draft) => {
    const { approval: _old, ...rest } = draft.settings ?? {};
    const next = definitionId ? { ...rest, approval: { definitionId } } : rest;
    if (Object.keys(next).length > 0) draft.settings = next;
    else delete draft.settings;
  });
  const current = settings?.approval?.definitionId ?? '';
  return (
    <label>{t('designer.approvalGate')}
      <select value={current} onChange={(e) => choose(e.target.value)} data-testid="def-approval">
        <option value="">{t('designer.noApprovalGate')}</option>
        {current && !flows.some((f) => f.id === current) && <option value={current}>{current}</option>}
        {flows.map((f) => <option key={f.id} value={f.id}>{f.name} ({f.id})</option>)}
      </select>
    </label>
  );
}

function Toolbar({ problems, onGallery, onSaved, message, setMessage, children }: {
  problems: number; onGallery(): void; onSaved(): void; message: string | null; setMessage(m: string | null): void; children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { fitView } = useReactFlow();
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const [note, setNote] = useState('');
  const [checking, setChecking] = useState<string | null>(null);
  const [list, setList] = useState<DefinitionSummary[]>([]);
  useEffect(() => {
    api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setList(r.items), () => undefined);
  }, [message]);
  const save = async () => {
    const { definition } = useDesigner.getState();
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
    if (!id) return;
    const reply = await api<{ definition: Definition }>(`/definitions/${encodeURIComponent(id)}`);
    useDesigner.getState().load(reply.definition);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    useDesigner.getState().load(JSON.parse(await file.text()) as Definition);
  };
  return (
    <>
    <div className="toolbar" role="toolbar">
      {children}
      <span className="sep" />
      <button type="button" data-testid="blank" onClick={() => useDesigner.getState().load(blankDefinition())}>{t('designer.blank')}</button>
      <button type="button" data-testid="open-gallery" onClick={onGallery}>{t('designer.templates')}</button>
      <select value="" onChange={(e) => void open(e.target.value)} aria-label={t('designer.open')} data-testid="open-definition">
        <option value="">{t('designer.open')}…</option>
        {list.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.id})</option>)}
      </select>
      <label className="file">{t('designer.import')}<input type="file" accept="application/json,.json" data-testid="import" onChange={(e) => { void importFile(e.target.files?.[0]); e.target.value = ''; }} /></label>
      <span className="sep" />
      <button type="button" data-testid="undo" disabled={!canUndo} onClick={() => useDesigner.getState().undo()} title="Ctrl+Z">{t('designer.undo')}</button>
      <button type="button" data-testid="redo" disabled={!canRedo} onClick={() => useDesigner.getState().redo()} title="Ctrl+Shift+Z">{t('designer.redo')}</button>
      <button type="button" onClick={() => useDesigner.getState().copySelection()} title="Ctrl+C">{t('designer.copy')}</button>
      <button type="button" onClick={() => useDesigner.getState().paste()} title="Ctrl+V">{t('designer.paste')}</button>
      <button type="button" data-testid="delete" onClick={() => useDesigner.getState().deleteSelection()} title="Delete">{t('designer.delete')}</button>
      <button type="button" data-testid="layout" onClick={() => useDesigner.getState().layout()} title="Shift+L">{t('designer.layout')}</button>
      <button type="button" data-testid="fit" onClick={() => void fitView()} title="Shift+F">{t('designer.fit')}</button>
      <span className="sep" />
      <button type="button" data-testid="save" onClick={() => void run(async () => { await save(); return t('designer.saved'); })}>{t('designer.save')}</button>
      <input placeholder={t('designer.publishNote')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="publish-note" />
      <button
        type="button"
        data-testid="publish"
        disabled={problems > 0}
        title={problems > 0 ? t('designer.publishBlocked') : undefined}
        onClick={() => void run(async () => {
          // the draft is saved, then what-if shows what publishing it would do before anything is published
          await save();
          setChecking(useDesigner.getState().definition.id);
          return '';
        })}
      >
        {t('designer.publish')}
      </button>
      {problems > 0 && <span className="warn" data-testid="publish-blocked">{t('designer.publishBlocked')}</span>}
      {message && <span className="message" data-testid="message">{message}</span>}
    </div>
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

function Designer() {
  const { t } = useTranslation();
  const definition = useDesigner((s) => s.definition);
  const selection = useDesigner((s) => s.selection);
  const registry = useNodeTypes((s) => s.registry);
  const problems = useMemo(() => validate(definition, registry), [definition, registry]);
  const [tab, setTab] = useState<Tab>('properties');
  const [gallery, setGallery] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);
  const [mode, setMode] = useState<Mode>('canvas');
  // the canvas takes its selection from React Flow: a view starts with none (a node selected elsewhere and handed to a
  // mounting React Flow made it report selection changes without end)
  const switchMode = (next: Mode) => {
    useDesigner.getState().select({ nodes: [], edges: [] });
    setMode(next);
  };
  const { fitView } = useReactFlow();
  useShortcuts(() => void fitView());
  useEffect(() => {
    if (selection.nodes.length || selection.edges.length) setTab((current) => (current === 'simulator' || current === 'versions' ? current : 'properties'));
  }, [selection]);
  const tabs: Array<[Tab, string]> = [
    ['properties', t('designer.properties')],
    ['problems', t('designer.problems', { count: problems.length })],
    ['form', t('designer.form')],
    ['settings', t('designer.settings')],
    ['simulator', t('designer.simulator')],
    ['versions', t('designer.versions')],
  ];
  return (
    <div className="designer legacy" data-testid="designer">
      <Toolbar problems={problems.length} onGallery={() => setGallery(true)} onSaved={() => setSaved((n) => n + 1)} message={message} setMessage={setMessage}>
        <Segmented<Mode> size="small" value={mode} onChange={switchMode} aria-label={t('flow.mode')} data-testid="designer-mode"
          options={[{ value: 'canvas', label: <span data-testid="mode-canvas">{t('flow.canvas')}</span> }, { value: 'chain', label: <span data-testid="mode-chain">{t('flow.chain')}</span> }]} />
      </Toolbar>
      <div className="designer-body">
        {mode === 'canvas' ? <><Palette /><Canvas /></> : <ApprovalFlow />}
        <aside className="side">
          <div className="tabs" role="tablist">
            {tabs.map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>{label}</button>
            ))}
          </div>
          <div className="tab-body">
            {tab === 'properties' && <PropertyPanel />}
            {tab === 'problems' && <ProblemsPanel problems={problems} onForm={() => setTab('form')} />}
            {tab === 'form' && <FormDesigner />}
            {tab === 'settings' && <Settings />}
            {tab === 'simulator' && <Simulator key={definition.id} />}
            {tab === 'versions' && <Versions refresh={saved} />}
          </div>
        </aside>
      </div>
      {gallery && (
        <TemplateGallery
          onClose={() => setGallery(false)}
          onUse={(template) => {
            useDesigner.getState().load(template);
            setGallery(false);
            setTab('problems');
          }}
        />
      )}
    </div>
  );
}

export function DesignerPage() {
  const fetchTypes = useNodeTypes((s) => s.fetch);
  useEffect(() => {
    void fetchTypes().catch(() => undefined);
  }, [fetchTypes]);
  return (
    <ReactFlowProvider>
      <Designer />
    </ReactFlowProvider>
  );
}
