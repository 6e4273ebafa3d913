import type { DefinitionNode, Problem } from './definition';
import { builtinNodes } from './nodes/registry';

/**
 * What each kind needs besides a sound graph: a routing definition has one
 * route node, an SOP one cadence, a campaign one audience and one channel;
 * those nodes belong to their kind only.
 */
const NEEDS: Record<string, Array<{ types: string[]; what: string }>> = {
  routing: [{ types: ['route'], what: 'a route node (the rules)' }],
  sop: [{ types: ['sop.cadence'], what: 'an sop.cadence node (trigger and steps)' }],
  campaign: [
    { types: ['campaign.audience'], what: 'a campaign.audience node' },
    { types: ['channel.in-app', 'channel.email', 'channel.webhook'], what: 'one channel node (channel.in-app, channel.email or channel.webhook)' },
  ],
};
// a runtime node belongs to the definitions its runtime runs (declared beside the node)
const OWNER: Record<string, string> = Object.fromEntries(builtinNodes.filter((t) => t.runtime).map((t) => [t.type, t.runtime!]));

export function kindProblems(kind: unknown, nodes: readonly unknown[], settings?: unknown): Problem[] {
  if (typeof kind !== 'string') return [];
  const problems: Problem[] = [];
  if (settings && typeof settings === 'object' && 'approval' in settings && kind !== 'campaign') {
    problems.push({ pointer: '/settings/approval', message: `only a campaign waits for an approval before it sends, not a definition of kind ${kind}` });
  }
  const typed = nodes.map((n, index) => ({ index, node: n as Partial<DefinitionNode> })).filter((n) => n.node && typeof n.node.type === 'string');
  for (const { index, node } of typed) {
    // own properties only: a kind or type named "constructor" must not find Object's
    const owner = Object.hasOwn(OWNER, node.type!) ? OWNER[node.type!] : undefined;
    if (owner && owner !== kind) problems.push({ pointer: `/nodes/${index}/type`, message: `a ${node.type} node belongs to ${owner} definitions, not ${kind}` });
  }
  for (const need of Object.hasOwn(NEEDS, kind) ? NEEDS[kind]! : []) {
    const found = typed.filter((n) => need.types.includes(n.node.type!));
    if (found.length === 0) problems.push({ pointer: '/nodes', message: `a ${kind} definition needs ${need.what}` });
    if (found.length > 1) problems.push({ pointer: `/nodes/${found[1]!.index}`, message: `a ${kind} definition has exactly one ${need.types.join(' / ')} node` });
  }
  return problems;
}
