import { Injectable } from '@nestjs/common';
import { builtinRegistry, type NodeRegistry, type NodeType } from '@baton/dsl';

/** The node types this engine knows: the built-ins, then custom nodes. */
@Injectable()
export class NodeTypesService {
  readonly registry: NodeRegistry = builtinRegistry;

  list() {
    return this.registry.list().map((t: NodeType) => ({
      type: t.type,
      version: t.version,
      title: t.title,
      category: t.category,
      icon: t.icon,
      description: t.description,
      behaviour: t.behaviour,
      outputs: t.outputs,
      config: t.config,
    }));
  }
}
