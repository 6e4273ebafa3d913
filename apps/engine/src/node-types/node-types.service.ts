import { Inject, Injectable, Logger } from '@nestjs/common';
import { builtinRegistry, type NodeRegistry, type NodeType } from '@baton/dsl';
import { CONFIG, type Config } from '../config/config';
import { parsePolicy } from '../net/outbound';
import { customNodeSources, loadCustomNodes, type SkippedNode } from './custom-nodes';
import { chatMessage, httpRequest } from './nodes/integration';

/**
 * The node types this engine knows: the DSL's built-ins, the engine's
 * integration nodes (they need the outbound policy), then custom nodes from
 * the configuration. A custom node that fails to load is skipped and named.
 */
@Injectable()
export class NodeTypesService {
  private readonly logger = new Logger(NodeTypesService.name);
  readonly registry: NodeRegistry;
  readonly skipped: SkippedNode[];

  constructor(@Inject(CONFIG) config: Config) {
    const policy = parsePolicy(config.OUTBOUND_ALLOWED_HOSTS, config.OUTBOUND_ALLOW_PRIVATE);
    const engineNodes = builtinRegistry.with([httpRequest(policy, config.OUTBOUND_MAX_BYTES), chatMessage(policy)]);
    const custom = loadCustomNodes(customNodeSources(config.CUSTOM_NODES, config.CUSTOM_NODES_DIR), engineNodes);
    this.registry = engineNodes.with(custom.types);
    this.skipped = custom.skipped;
    for (const t of custom.types) this.logger.log(`custom node "${t.type}" loaded`);
    for (const s of custom.skipped) this.logger.error(`custom node ${s.type ? `"${s.type}" ` : ''}from ${s.source} skipped: ${s.reason}`);
  }

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
      ...(t.behaviour === 'action' ? { run: t.run } : {}),
    }));
  }
}
