import { KINDS, validate, type Definition } from '@baton/dsl';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { AutoComplete, Button, Input, Segmented, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type DefinitionSummary } from '../shell/api';
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
import { TEMPLATES } from './templates';
import { Toolbar } from './Toolbar';
import { Versions } from './Versions';

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
  const categories = useMemo(() => [...new Set(TEMPLATES.map((x) => x.category).filter((c): c is string => !!c))].sort().map((value) => ({ value })), []);
  return (
    <div className="settings" data-testid="settings">
      <label>{t('designer.id')}<Input value={d.id} data-testid="def-id" onChange={(e) => set({ id: e.target.value })} /></label>
      <label>{t('designer.name')}<Input value={d.name} data-testid="def-name" onChange={(e) => set({ name: e.target.value, ...idFollowingName(d, e.target.value) })} /></label>
      <label>{t('designer.kind')}
        <Select<Definition['kind']> value={d.kind} data-testid="def-kind" onChange={(kind) => set({ kind })}
          options={KINDS.map((k) => ({ value: k, label: t(`designer.kinds.${k}`) }))} />
      </label>
      <label>{t('designer.category')}
        {/* the known categories are offered; a flow may start a new one */}
        <AutoComplete value={d.category ?? ''} options={categories} onChange={(category: string) => set({ category: category || undefined })}
          filterOption={(typed, option) => String(option?.value ?? '').toLowerCase().includes(typed.toLowerCase())}>
          <Input data-testid="def-category" allowClear />
        </AutoComplete>
      </label>
      <label>{t('designer.description')}<Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} value={d.description ?? ''} data-testid="def-description" onChange={(e) => set({ description: e.target.value || undefined })} /></label>
      {d.kind === 'campaign' && <ApprovalGate />}
    </div>
  );
}

/** A campaign's settings.approval: the approval flow whose request must complete approved before it sends, picked from the approval definitions by name. */
function ApprovalGate() {
  const { t } = useTranslation();
  const settings = useDesigner((s) => s.definition.settings);
  const [flows, setFlows] = useState<DefinitionSummary[]>([]);
  useEffect(() => {
    api<{ items: DefinitionSummary[] }>('/definitions?limit=200').then((r) => setFlows(r.items.filter((d) => d.kind === 'approval' && d.latestVersion !== null)), () => undefined);
  }, []);
  const choose = (definitionId: string | undefined) => useDesigner.getState().commit((draft) => {
    const { approval: _old, ...rest } = draft.settings ?? {};
    const next = definitionId ? { ...rest, approval: { definitionId } } : rest;
    if (Object.keys(next).length > 0) draft.settings = next;
    else delete draft.settings;
  });
  const current = settings?.approval?.definitionId;
  const options = [
    // a gate naming a flow that is gone (or not yet listed) still shows what it names
    ...(current && !flows.some((f) => f.id === current) ? [{ value: current, label: current, 'data-testid': `approval-option-${current}` }] : []),
    ...flows.map((f) => ({ value: f.id, label: f.name, 'data-testid': `approval-option-${f.id}` })),
  ];
  return (
    <label>{t('designer.approvalGate')}
      <Select value={current} onChange={(id?: string) => choose(id)} data-testid="def-approval" allowClear showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('designer.noApprovalGate')} options={options} />
    </label>
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
        <Segmented<Mode> value={mode} onChange={switchMode} aria-label={t('flow.mode')} data-testid="designer-mode"
          options={[{ value: 'canvas', label: <span data-testid="mode-canvas">{t('flow.canvas')}</span> }, { value: 'chain', label: <span data-testid="mode-chain">{t('flow.chain')}</span> }]} />
      </Toolbar>
      <div className="designer-body">
        {mode === 'canvas' ? <><Palette /><Canvas /></> : <ApprovalFlow />}
        <aside className="side">
          <div className="tabs" role="tablist">
            {tabs.map(([id, label]) => (
              <Button key={id} size="small" type={tab === id ? 'primary' : 'default'} role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>{label}</Button>
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
