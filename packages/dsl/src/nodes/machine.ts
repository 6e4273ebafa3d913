import type { Definition, DefinitionNode } from '../definition';
import type { InstanceContext, InstanceEvent } from '../compile';
import type { ApprovalConfig, AssigneeSpec, Tally } from './approval-rules';
import { EMPTY_TALLY } from './approval-rules';

/**
 * What a node type contributes to the compiled machine, and the kit compile()
 * hands it. A node's `machine` returns its XState state: entry and exit
 * actions and transitions, naming the engine's actions and guards (see
 * compile.ts) and leaving by `kit.leave(output)`. compile() loops over the
 * definition's nodes and asks each type for its state; nothing about a
 * particular type is written in compile() itself.
 */

/** State keys of the implicit final states; `$` never appears in a node id. */
export const WITHDRAWN = '$withdrawn';
export const REJECTED = '$rejected';
/** Where an action node whose last attempt failed ends the instance, when it has no error edge. */
export const FAILED = '$failed';
/** Where a request waits after it was returned to the initiator, until resubmitted. */
export const RETURNED = '$returned';
/** `to` of a return event: back to the initiator, or to the approval node before. */
export const TO_INITIATOR = 'initiator';
export const TO_PREVIOUS = 'previous';

/** The XState id of a node's state. */
export const sid = (node: string) => `n:${node}`;

export type Guard = { type: string; params?: unknown } | object;
export interface Transition { target: string; guard?: Guard; actions?: unknown[] }
export type ActionArgs = { context: InstanceContext; event: InstanceEvent };

export interface MachineKit {
  def: Definition;
  node: DefinitionNode;
  /** the action that counts a visit and records the path; first in every entry */
  enter: { type: 'enter'; params: { node: string } };
  /** the visit of this node the instance is in (the token of its timers and tasks) */
  visit: (args: Pick<ActionArgs, 'context'>) => number;
  /** where one of the node's outputs leads: conditional edges in order, then the default */
  leave: (output: string) => Transition[];
  /** the transitions, each guarded also by `guards` and running `actions` */
  when: (transitions: Transition[], guards: Guard[], actions?: unknown[]) => Transition[];
  /** the node's task title for the instance's data */
  title: (context: InstanceContext) => string;
  /** the ids of every approval node (a return may go to any of them) */
  approvals: readonly string[];
  /** actions that copy people on the request */
  copy: (people: AssigneeSpec[]) => unknown[];
  /** copy-on-finish of the definition, for nodes that end the instance */
  copyOnFinish: () => unknown[];
  /** a fork's parallel region: its branches (node ids in order) and its join */
  region: () => { branches: string[][]; join: string | null; joinMode: 'all' | 'any' };
  /** the state of another node (a node inside a fork's branch) */
  stateOf: (id: string) => object;
  /** the configuration of an approval node */
  approvalConfig: (id: string) => ApprovalConfig;
}

/** The decisions so far at the node's current visit. */
export function tallyOf(context: InstanceContext, node: string): Tally {
  return context.decisions[`${node}:${context.visits[node]}`] ?? EMPTY_TALLY;
}

/** Nodes that pass on at once by their first output: start, a condition branch, a join. */
export const passOn = (output: string) => (kit: MachineKit) => ({ entry: [kit.enter], always: kit.leave(output) });
