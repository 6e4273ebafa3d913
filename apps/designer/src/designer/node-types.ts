import { builtinNodes, builtinRegistry, defineNode, NodeRegistry, type NodeType } from '@baton/dsl';
import type { TSchema } from '@sinclair/typebox';
import { create } from 'zustand';
import { api, type NodeTypeInfo } from '../shell/api';

/**
 * The engine's node-type registry (built-in and custom nodes alike), and a
 * dsl NodeRegistry built from it so validate() and compile() in the browser
 * know custom nodes too. A custom node's `execute` runs in the engine only.
 */

export function registryFrom(infos: readonly NodeTypeInfo[]): NodeRegistry {
  const known = new Set(builtinNodes.map((n) => n.type));
  const custom: NodeType[] = [];
  for (const info of infos) {
    if (known.has(info.type)) continue;
    try {
      custom.push(defineNode({
        type: info.type,
        version: info.version,
        title: info.title,
        category: info.category,
        icon: info.icon,
        description: info.description,
        behaviour: (info.behaviour ?? 'action') as NodeType['behaviour'],
        outputs: info.outputs,
        config: info.config as unknown as TSchema,
        execute: async () => {
          throw new Error(`${info.type} runs in the engine`);
        },
      }));
    } catch {
      // a name the SDK refuses cannot be placed anyway
    }
  }
  return custom.length ? builtinRegistry.with(custom) : builtinRegistry;
}

/** What the palette shows before the engine answers, and in component tests. */
export function builtinInfos(): NodeTypeInfo[] {
  return builtinNodes.map((n) => ({
    type: n.type, version: n.version, title: n.title, category: n.category, icon: n.icon, description: n.description,
    behaviour: n.behaviour, outputs: [...n.outputs], config: JSON.parse(JSON.stringify(n.config)) as Record<string, unknown>,
  }));
}

interface NodeTypesState {
  infos: NodeTypeInfo[];
  registry: NodeRegistry;
  loaded: boolean;
  fetch(): Promise<void>;
  set(infos: NodeTypeInfo[]): void;
}

export const useNodeTypes = create<NodeTypesState>((set) => ({
  infos: builtinInfos(),
  registry: builtinRegistry,
  loaded: false,
  async fetch() {
    const reply = await api<{ items: NodeTypeInfo[] }>('/node-types');
    set({ infos: reply.items, registry: registryFrom(reply.items), loaded: true });
  },
  set(infos) {
    set({ infos, registry: registryFrom(infos), loaded: true });
  },
}));

export function infoOf(infos: readonly NodeTypeInfo[], type: string): NodeTypeInfo | undefined {
  return infos.find((i) => i.type === type);
}
