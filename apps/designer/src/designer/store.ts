import type { Definition, DefinitionNode, Edge } from '@baton/dsl';
import { create } from 'zustand';
import { autoLayout } from '../layout';

/**
 * The definition being edited, the selection and the undo history. Every
 * edit goes through `commit`, which keeps the previous definition, so undo
 * and redo are exact. Node positions live in `definition.layout`, so the
 * canvas and the saved JSON are the same thing.
 */

export type Selection = { nodes: string[]; edges: number[] };

export interface DesignerState {
  definition: Definition;
  selection: Selection;
  past: Definition[];
  future: Definition[];
  clipboard: { nodes: DefinitionNode[]; edges: Edge[]; layout: NonNullable<Definition['layout']> } | null;
  /** bumps when a whole definition is loaded, so the canvas fits it once */
  loadId: number;
  load(definition: Definition): void;
  commit(change: (draft: Definition) => void): void;
  addNode(type: string, position: { x: number; y: number }, title?: string): string;
  updateNode(id: string, patch: Partial<Omit<DefinitionNode, 'id'>>): void;
  renameNode(id: string, next: string): void;
  connect(from: string, to: string, on?: string): void;
  /** puts a new node of `type` on edge `index` (leaving it by `output`) and lays the flow out again; returns its id */
  insertOnEdge(index: number, type: string, output?: string): string | null;
  updateEdge(index: number, patch: Partial<Edge>): void;
  moveNodes(positions: Record<string, { x: number; y: number }>): void;
  select(selection: Partial<Selection>): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  layout(): void;
  undo(): void;
  redo(): void;
}

const HISTORY_LIMIT = 100;

export function blankDefinition(): Definition {
  return {
    id: 'new-flow',
    name: 'New flow',
    kind: 'approval',
    form: { fields: [] },
    nodes: [],
    edges: [],
    layout: {},
  } as unknown as Definition;
}

function uniqueId(definition: Definition, base: string): string {
  const stem = base.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '') || 'node';
  const taken = new Set(definition.nodes.map((n) => n.id));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i += 1) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

export const createDesignerStore = (initial: Definition = blankDefinition()) =>
  create<DesignerState>((set, get) => ({
    definition: initial,
    selection: { nodes: [], edges: [] },
    past: [],
    future: [],
    clipboard: null,
    loadId: 0,

    load(definition) {
      set((s) => ({ definition: structuredClone(definition), selection: { nodes: [], edges: [] }, past: [], future: [], loadId: s.loadId + 1 }));
    },

    commit(change) {
      const before = get().definition;
      const next = structuredClone(before);
      change(next);
      set((s) => ({ definition: next, past: [...s.past, before].slice(-HISTORY_LIMIT), future: [] }));
    },

    addNode(type, position, title) {
      const id = uniqueId(get().definition, type);
      get().commit((d) => {
        d.nodes.push({ id, type, ...(title ? { title } : {}) });
        d.layout = { ...(d.layout ?? {}), [id]: { x: Math.round(position.x), y: Math.round(position.y) } };
      });
      set({ selection: { nodes: [id], edges: [] } });
      return id;
    },

    updateNode(id, patch) {
      get().commit((d) => {
        const node = d.nodes.find((n) => n.id === id);
        if (!node) return;
        Object.assign(node, patch);
        for (const key of Object.keys(patch) as Array<keyof typeof patch>) if (patch[key] === undefined) delete node[key];
      });
    },

    renameNode(id, next) {
      if (!next || id === next || get().definition.nodes.some((n) => n.id === next)) return;
      get().commit((d) => {
        for (const n of d.nodes) if (n.id === id) n.id = next;
        for (const e of d.edges) {
          if (e.from === id) e.from = next;
          if (e.to === id) e.to = next;
        }
        if (d.layout?.[id]) {
          d.layout[next] = d.layout[id]!;
          delete d.layout[id];
        }
      });
      set({ selection: { nodes: [next], edges: [] } });
    },

    connect(from, to, on) {
      if (from === to) return;
      get().commit((d) => {
        d.edges.push({ from, to, ...(on ? { on } : {}) });
      });
    },

    insertOnEdge(index, type, output) {
      const edge = get().definition.edges[index];
      if (!edge) return null;
      const id = uniqueId(get().definition, type);
      get().commit((d) => {
        d.nodes.push({ id, type });
        const to = d.edges[index]!.to;
        d.edges[index]!.to = id;
        d.edges.push({ from: id, to, ...(output ? { on: output } : {}) });
        d.layout = autoLayout(d);
      });
      set((s) => ({ selection: { nodes: [id], edges: [] }, loadId: s.loadId + 1 }));
      return id;
    },

    updateEdge(index, patch) {
      get().commit((d) => {
        const edge = d.edges[index];
        if (!edge) return;
        Object.assign(edge, patch);
        for (const key of Object.keys(patch) as Array<keyof Edge>) if (patch[key] === undefined) delete edge[key];
      });
    },

    moveNodes(positions) {
      get().commit((d) => {
        d.layout = { ...(d.layout ?? {}) };
        for (const [id, p] of Object.entries(positions)) d.layout[id] = { x: Math.round(p.x), y: Math.round(p.y) };
      });
    },

    select(selection) {
      set((s) => ({ selection: { nodes: selection.nodes ?? [], edges: selection.edges ?? [], ...(selection.nodes === undefined && selection.edges === undefined ? s.selection : {}) } }));
    },

    deleteSelection() {
      const { nodes, edges } = get().selection;
      if (nodes.length === 0 && edges.length === 0) return;
      const gone = new Set(nodes);
      const droppedEdges = new Set(edges);
      get().commit((d) => {
        d.nodes = d.nodes.filter((n) => !gone.has(n.id));
        d.edges = d.edges.filter((e, i) => !droppedEdges.has(i) && !gone.has(e.from) && !gone.has(e.to));
        if (d.layout) for (const id of gone) delete d.layout[id];
      });
      set({ selection: { nodes: [], edges: [] } });
    },

    copySelection() {
      const { definition, selection } = get();
      const chosen = new Set(selection.nodes);
      if (chosen.size === 0) return;
      set({
        clipboard: {
          nodes: definition.nodes.filter((n) => chosen.has(n.id)).map((n) => structuredClone(n)),
          edges: definition.edges.filter((e) => chosen.has(e.from) && chosen.has(e.to)).map((e) => structuredClone(e)),
          layout: Object.fromEntries(Object.entries(definition.layout ?? {}).filter(([id]) => chosen.has(id))),
        },
      });
    },

    paste() {
      const clip = get().clipboard;
      if (!clip) return;
      const renamed = new Map<string, string>();
      get().commit((d) => {
        for (const node of clip.nodes) {
          const id = uniqueId(d, node.id);
          renamed.set(node.id, id);
          d.nodes.push({ ...structuredClone(node), id });
          const at = clip.layout[node.id] ?? { x: 0, y: 0 };
          d.layout = { ...(d.layout ?? {}), [id]: { x: at.x + 40, y: at.y + 40 } };
        }
        for (const edge of clip.edges) d.edges.push({ ...structuredClone(edge), from: renamed.get(edge.from)!, to: renamed.get(edge.to)! });
      });
      set({ selection: { nodes: [...renamed.values()], edges: [] } });
    },

    layout() {
      const positions = autoLayout(get().definition);
      get().commit((d) => {
        d.layout = positions;
      });
      set((s) => ({ loadId: s.loadId + 1 }));
    },

    undo() {
      const { past, definition, future } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set({ definition: previous, past: past.slice(0, -1), future: [definition, ...future], selection: { nodes: [], edges: [] } });
    },

    redo() {
      const { past, definition, future } = get();
      const next = future[0];
      if (!next) return;
      set({ definition: next, past: [...past, definition], future: future.slice(1), selection: { nodes: [], edges: [] } });
    },
  }));

export type DesignerStore = ReturnType<typeof createDesignerStore>;

/** The one store of the app's designer page. */
export const useDesigner = createDesignerStore();
