import { approval } from './approval';
import { branch } from './branch';
import { campaignAudience } from './campaign-audience';
import { channelEmail, channelInApp, channelWebhook } from './channels';
import { copy } from './copy';
import { delay } from './delay';
import { end } from './end';
import { join, parallel } from './parallel';
import type { NodeType } from './sdk';
import { route } from './route';
import { setVars } from './set-vars';
import { sopCadence } from './sop-cadence';
import { start } from './start';
import { waitEvent } from './wait-event';

/** Node types by type name. Custom nodes join the built-ins through `with`. */
export class NodeRegistry {
  private readonly types = new Map<string, NodeType>();

  constructor(types: readonly NodeType[] = []) {
    for (const t of types) this.add(t);
  }

  add(type: NodeType): void {
    if (this.types.has(type.type)) throw new Error(`node type "${type.type}" is registered twice`);
    this.types.set(type.type, type);
  }

  get(type: string): NodeType | undefined {
    return this.types.get(type);
  }

  list(): NodeType[] {
    return [...this.types.values()];
  }

  with(types: readonly NodeType[]): NodeRegistry {
    return new NodeRegistry([...this.list(), ...types]);
  }
}

export const builtinNodes: readonly NodeType[] = [start, end, branch, parallel, join, approval, copy, delay, setVars, waitEvent,
  route, sopCadence, campaignAudience, channelInApp, channelEmail, channelWebhook];
export const builtinRegistry = new NodeRegistry(builtinNodes);
