import { and, assign, setup, type AnyMachineSnapshot } from 'xstate';
import type { Definition, DefinitionNode, Problem } from './definition';
import { compileRule, truthy, type CompiledRule, type ExpressionData } from './expressions';
import { buildGraph, outgoingByOutput, regionsOf, type Graph, type GraphNode } from './graph';
import { builtinRegistry, type NodeRegistry } from './nodes/registry';
import { ERROR_OUTPUT, type NodeType } from './nodes/sdk';
import { FAILED, REJECTED, RETURNED, sid, tallyOf, TO_INITIATOR, TO_PREVIOUS, WITHDRAWN, type Guard, type MachineKit, type Transition } from './nodes/machine';
import { arrivedAt } from './nodes/parallel';
import {
  approversOf, EMPTY_DIRECTORY, EMPTY_PANEL, EMPTY_TALLY, openAssignees, outcomeOf, panelOf, reseated, resolveAssignees, tallyView, withDecision,
  type ApprovalConfig, type ApprovalMode, type AssigneeSpec, type Directory, type Panel, type Tally, type TallyView,
} from './nodes/approval-rules';
import { compileText, type CompiledText } from './templates';
import { explain, reason, type Reason } from './timeline';
import type { WorkingTimer } from './calendar';
import { validate } from './validate';

/**
 * compile() turns a valid definition into an XState v5 machine built with
 * setup(). The machine is pure: effects (tasks, timers, node runs) are named
 * actions with plain-data params that the engine persists, then performs.
 * Rules and texts are compiled here, once per published version.
 */

export interface InstanceInput {
  form: Record<string, unknown>;
  initiator: { id: string } & Record<string, unknown>;
  instance: { id: string } & Record<string, unknown>;
  vars?: Record<string, unknown>;
  /** the organisation around the initiator at submit time (see Directory) */
  directory?: Directory;
  /** approvers the initiator chose, by node id */
  chosen?: Record<string, string[]>;
}

export type Outcome = 'completed' | 'rejected' | 'withdrawn' | 'failed';

export type Decision = Tally;

/** Something the engine decided on its own, kept for the history (a rule applied, a level missing). */
export interface Note {
  node: string;
  visit: number;
  /** in English, for readers of raw data */
  note: string;
  /** what the timeline renders in every language */
  reason?: Reason;
}

/** A note for the reason, with its English words. */
const noteOf = (node: string, visit: number, r: Reason): Note => ({ node, visit, note: explain(r), reason: r });

export interface InstanceContext extends ExpressionData {
  /** how often each node was entered: the token of its current visit */
  visits: Record<string, number>;
  /** node ids in the order they were entered */
  path: string[];
  /** resolved approvers of each approval node's current visit */
  assignees: Record<string, string[]>;
  /** quorum rules of each approval node's current visit, as people (absent for a node without them) */
  panels?: Record<string, Panel>;
  /** decisions by "node:visit" */
  decisions: Record<string, Decision>;
  /** every approval so far, in order, for "skip when approved before" */
  approvals: Array<{ node: string; by: string }>;
  directory: Directory;
  chosen: Record<string, string[]>;
  notes: Note[];
  /** people copied on the request (CC): they may read it */
  copiedTo: string[];
  /** the people the last copy step resolved, for its effect */
  pendingCopy: string[];
  /** the approval node that returned the request to the initiator, while it waits */
  returnedFrom: string | null;
  /** per node with resubmit.skipUnchanged: the fields its approvers saw when it last passed */
  passedForms?: Record<string, Record<string, unknown>>;
  outcome: Outcome | null;
}

export type InstanceEvent =
  | { type: 'decide'; node: string; visit: number; by: string; outcome: 'approved' | 'rejected'; comment?: string; changes?: Record<string, unknown> }
  | { type: 'timer'; node: string; token: number; name?: string }
  | { type: 'node.result'; node: string; visit: number; output: string; vars?: Record<string, unknown> }
  | { type: 'transfer'; node: string; visit: number; from: string; to: string; by: string }
  | { type: 'return'; node: string; visit: number; by: string; to: string; comment?: string }
  | { type: 'addSigner'; node: string; visit: number; by: string; who: string; position: 'before' | 'after' | 'parallel' }
  | { type: 'resubmit'; by: string; form: Record<string, unknown> }
  | { type: 'withdraw'; by: string }
  /** an outside system's event, for a node waiting for it by name */
  | { type: 'external'; name: string; payload: Record<string, unknown> }
  /** a migration between versions (see migration.ts): leave the node the instance is at and enter `to` afresh */
  | { type: 'migrate'; to: string };

/** The status one person's task of a node gets. */
export interface TaskSettlement {
  assignee: string;
  status: 'approved' | 'rejected' | 'cancelled' | 'returned' | 'waiting';
  /** who decided this task when not the effect's `by`: the holder themselves, or `system` for an automatic decision */
  by?: string | null;
}

export type Effect =
  | { type: 'createTasks'; node: string; visit: number; assignees: string[]; title: string; mode: ApprovalMode }
  // statuses is a list, not a map keyed by user id: ids may hold dots, which MongoDB-compatible stores refuse as keys
  | { type: 'closeTasks'; node: string; visit: number; statuses: TaskSettlement[]; by: string | null }
  // working: counted in the tenant's working calendar; the engine places it (placeTimers) before it is stored
  // dueAt: stamped by the engine when the event is stored, so a deadline counts from the step's own moment, not from when a relay got to it
  | { type: 'scheduleTimer'; node: string; token: number; delayMs: number; name?: string; working?: WorkingTimer; dueAt?: number }
  | { type: 'cancelTimer'; node: string; token: number; name?: string }
  | { type: 'remind'; node: string; visit: number; to: string[] }
  | { type: 'copy'; node: string; to: string[] }
  | { type: 'escalate'; node: string; visit: number; from: string[] }
  | { type: 'transferTask'; node: string; visit: number; from: string; to: string; title: string }
  | { type: 'runNode'; node: string; visit: number; nodeType: string; config: Record<string, unknown> };

export const EFFECT_TYPES: ReadonlySet<string> = new Set(['createTasks', 'closeTasks', 'transferTask', 'scheduleTimer', 'cancelTimer', 'remind', 'escalate', 'copy', 'runNode']);

export class InvalidDefinition extends Error {
  constructor(readonly problems: Problem[]) {
    super(`invalid definition: ${problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidDefinition';
  }
}

export { WITHDRAWN, REJECTED, FAILED, RETURNED, TO_INITIATOR, TO_PREVIOUS } from './nodes/machine';

const noop = () => undefined;

function dataOf(context: InstanceContext): ExpressionData {
  return { form: context.form, vars: context.vars, initiator: context.initiator, instance: context.instance };
}

export function compile(def: Definition, registry: NodeRegistry = builtinRegistry) {
  const problems = validate(def, registry);
  if (problems.length > 0) throw new InvalidDefinition(problems);

  const known = new Map(def.nodes.map((node, index) => [node.id, { index, node, type: registry.get(node.type) }]));
  const graph = buildGraph(def.edges, known);
  const rules = new Map<number, CompiledRule>();
  for (const e of graph.edges) if (e.edge.condition !== undefined) rules.set(e.index, compileRule(e.edge.condition));
  const titles = new Map<string, CompiledText>();
  for (const node of def.nodes) {
    const title = (node.config as { title?: string } | undefined)?.title;
    // only a node's configured title is a template; node titles and the definition's name are plain words
    const plainTitle = node.title ?? def.name;
    titles.set(node.id, title !== undefined ? compileText(title) : () => plainTitle);
  }
  const approvalConfig = (id: string) => known.get(id)!.node.config as unknown as ApprovalConfig;

  const machineSetup = setup({
    types: {} as { context: InstanceContext; events: InstanceEvent; input: InstanceInput; output: { status: Outcome } },
    actions: {
      enter: assign(({ context }, { node }: { node: string }) => ({
        visits: { ...context.visits, [node]: (context.visits[node] ?? 0) + 1 },
        path: [...context.path, node],
      })),
      resolveAssignees: assign(({ context }, { node }: { node: string }) => {
        const config = approvalConfig(node);
        const visit = context.visits[node]!;
        const input = { form: context.form, initiatorId: String(context.initiator.id), directory: context.directory, chosen: context.chosen[node] ?? [] };
        const { assignees, reasons } = approversOf(config, input);
        return {
          assignees: { ...context.assignees, [node]: assignees },
          ...(config.quorum ? { panels: { ...context.panels, [node]: panelOf(config, input) } } : {}),
          notes: [...context.notes, ...reasons.map((r) => noteOf(node, visit, r))],
        };
      }),
      autoApprove: assign(({ context }, { node }: { node: string }) => {
        const config = approvalConfig(node);
        const visit = context.visits[node]!;
        const assignees = context.assignees[node] ?? [];
        const unchanged = unchangedSince(config, context, node);
        if (unchanged && assignees.length > 0) {
          return {
            decisions: { ...context.decisions, [`${node}:${visit}`]: { approvedBy: assignees, rejectedBy: [], auto: assignees } },
            notes: [...context.notes, noteOf(node, visit, reason('unchangedSkipped', { fields: unchanged.join(', ') }))],
          };
        }
        const earlier = earlierApprovers(config, context, node);
        const auto = assignees.filter((a) => earlier.has(a) || (config.whenInitiator === 'approve' && a === String(context.initiator.id)));
        if (auto.length === 0) return {};
        return {
          decisions: { ...context.decisions, [`${node}:${visit}`]: { approvedBy: auto, rejectedBy: [], auto } },
          approvals: [...context.approvals, ...auto.map((by) => ({ node, by }))],
          notes: [...context.notes, ...auto.map((who) => noteOf(node, visit, reason(earlier.has(who) ? 'approvedBefore' : 'initiatorIsApprover', { who })))],
        };
      }),
      recordDecision: assign(({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'decide') return {};
        const key = `${node}:${event.visit}`;
        return {
          // fields this node lets its approvers edit (the engine checked which)
          form: event.changes ? { ...context.form, ...event.changes } : context.form,
          decisions: { ...context.decisions, [key]: withDecision(context.decisions[key] ?? EMPTY_TALLY, event.by, event.outcome) },
          approvals: event.outcome === 'approved' ? [...context.approvals, { node, by: event.by }] : context.approvals,
        };
      }),
      finish: assign((_, { outcome }: { outcome: Outcome }) => ({ outcome })),
      reassign: assign(({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'transfer') return {};
        const next = (context.assignees[node] ?? []).map((a) => (a === event.from ? event.to : a));
        const panel = context.panels?.[node];
        // the one who takes over a task takes over its seat in the quorum rules too
        return { assignees: { ...context.assignees, [node]: [...new Set(next)] }, ...(panel ? { panels: { ...context.panels, [node]: reseated(panel, event.from, event.to) } } : {}) };
      }),
      addSigner: assign(({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'addSigner') return {};
        const key = `${node}:${event.visit}`;
        const before = context.decisions[key] ?? EMPTY_TALLY;
        const approves = event.position === 'after';
        return {
          decisions: { ...context.decisions, [key]: {
            ...before,
            approvedBy: approves ? [...before.approvedBy, event.by] : before.approvedBy,
            added: [...(before.added ?? []), { who: event.who, by: event.by, position: event.position }],
          } },
          approvals: approves ? [...context.approvals, { node, by: event.by }] : context.approvals,
        };
      }),
      /** a node that skips when unchanged remembers what its approvers saw when it passed (exit runs before the deciding event is counted) */
      rememberPassed: assign(({ context, event }, { node }: { node: string }) => {
        const config = approvalConfig(node);
        const decided = event.type === 'decide' && event.node === node;
        const tally = decided ? withDecision(tallyOf(context, node), event.by, event.outcome) : tallyOf(context, node);
        const byDeadline = event.type === 'timer' && event.node === node && event.name === 'decide' && config.deadlines?.decision === 'approve';
        const passed = byDeadline || outcomeOf(config, context.assignees[node] ?? [], tally, context.panels?.[node] ?? EMPTY_PANEL) === 'approved';
        if (!passed) return {};
        const form = decided && event.changes ? { ...context.form, ...event.changes } : context.form;
        return { passedForms: { ...context.passedForms, [node]: seen(config, form) } };
      }),
      forgetPassed: assign(({ context }, { node }: { node: string }) => {
        if (!context.passedForms?.[node]) return {};
        const { [node]: _forgotten, ...rest } = context.passedForms;
        return { passedForms: rest };
      }),
      rememberReturn: assign(({ event }) => (event.type === 'return' ? { returnedFrom: event.node } : {})),
      takeResubmission: assign(({ event }) => (event.type === 'resubmit' ? { form: event.form, returnedFrom: null } : {})),
      receivePayload: assign(({ context, event }, params: { into: string }) => (event.type === 'external' ? { vars: { ...context.vars, [params.into]: event.payload } } : {})),
      mergeVars: assign(({ context, event }) => (event.type === 'node.result' && event.vars ? { vars: { ...context.vars, ...event.vars } } : {})),
      createTasks: noop,
      closeTasks: noop,
      scheduleTimer: noop,
      cancelTimer: noop,
      remind: noop,
      copy: noop,
      /** resolves the people to copy (a cc node, or copy-on-finish) and remembers them as readers */
      resolveCopies: assign(({ context }, { node, people }: { node: string; people: AssigneeSpec[] }) => {
        const { users, reasons } = resolveAssignees({ assignees: people }, {
          form: context.form, initiatorId: String(context.initiator.id), directory: context.directory, chosen: [],
        });
        const visit = context.visits[node] ?? 1;
        return {
          copiedTo: [...new Set([...context.copiedTo, ...users])],
          pendingCopy: users,
          notes: [...context.notes, ...reasons.map((r) => noteOf(node, visit, r))],
        };
      }),
      escalate: noop,
      // a built-in step notes a reason (rendered in every language); a custom node may note plain words
      note: assign(({ context }, { node, reason: r, note }: { node: string; reason?: Reason; note?: string }) => ({
        notes: [...context.notes, r ? noteOf(node, context.visits[node]!, r) : { node, visit: context.visits[node]!, note: note ?? '' }],
      })),
      runNode: noop,
      transferTask: noop,
    },
    guards: {
      rule: ({ context }, { edge }: { edge: number }) => truthy(rules.get(edge)!(dataOf(context))),
      nobody: ({ context }, { node }: { node: string }) => (context.assignees[node] ?? []).length === 0,
      canDecide: ({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'decide' || event.node !== node || event.visit !== context.visits[node]) return false;
        return openAssignees(approvalConfig(node), context.assignees[node] ?? [], tallyOf(context, node)).includes(event.by);
      },
      /** what the node's result would be with this decision counted */
      leadsTo: ({ context, event }, { node, outcome }: { node: string; outcome: 'approved' | 'rejected' | 'open' }) => {
        if (event.type !== 'decide') return false;
        const after = withDecision(tallyOf(context, node), event.by, event.outcome);
        return (outcomeOf(approvalConfig(node), context.assignees[node] ?? [], after, context.panels?.[node] ?? EMPTY_PANEL) ?? 'open') === outcome;
      },
      decidedOnEntry: ({ context }, { node }: { node: string }) =>
        outcomeOf(approvalConfig(node), context.assignees[node] ?? [], tallyOf(context, node), context.panels?.[node] ?? EMPTY_PANEL) === 'approved',
      unreachableOnEntry: ({ context }, { node }: { node: string }) =>
        outcomeOf(approvalConfig(node), context.assignees[node] ?? [], tallyOf(context, node), context.panels?.[node] ?? EMPTY_PANEL) === 'rejected',
      canTransfer: ({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'transfer' || event.node !== node || event.visit !== context.visits[node] || event.from === event.to) return false;
        return openAssignees(approvalConfig(node), context.assignees[node] ?? [], tallyOf(context, node)).includes(event.from)
          || ((context.assignees[node] ?? []).includes(event.from) && !tallyOf(context, node).approvedBy.includes(event.from) && !tallyOf(context, node).rejectedBy.includes(event.from));
      },
      /** an open assignee of this node returns it to `target` (a node id, or the initiator) */
      returnsTo: ({ context, event }, { node, target }: { node: string; target: string }) => {
        if (event.type !== 'return' || event.node !== node || event.visit !== context.visits[node]) return false;
        if (!openAssignees(approvalConfig(node), context.assignees[node] ?? [], tallyOf(context, node)).includes(event.by)) return false;
        return returnTarget(context, node, event.to) === target;
      },
      canAddSigner: ({ context, event }, { node }: { node: string }) => {
        if (event.type !== 'addSigner' || event.node !== node || event.visit !== context.visits[node] || event.who === event.by) return false;
        const tally = tallyOf(context, node);
        const asked = new Set([...(context.assignees[node] ?? []), ...(tally.added ?? []).map((a) => a.who)]);
        return !asked.has(event.who) && openAssignees(approvalConfig(node), context.assignees[node] ?? [], tally).includes(event.by);
      },
      resumesAt: ({ context, event }, { node }: { node: string }) =>
        event.type === 'resubmit' && event.by === String(context.initiator.id) && context.returnedFrom === node,
      mayWithdraw: ({ context, event }) => {
        if (event.type !== 'withdraw' || event.by !== String(context.initiator.id)) return false;
        const policy = def.settings?.withdraw ?? 'untilDecided';
        if (policy === 'never') return false;
        return policy === 'always' || Object.values(context.decisions).every((t) => t.approvedBy.length === 0 && t.rejectedBy.length === 0);
      },
      timerIsCurrent: ({ context, event }, { node, name }: { node: string; name?: string }) =>
        event.type === 'timer' && event.node === node && event.token === context.visits[node] && event.name === name,
      migratesTo: ({ event }, { node }: { node: string }) => event.type === 'migrate' && event.to === node,
      eventNamed: ({ event }, { name }: { name: string }) => event.type === 'external' && event.name === name,
      resultIsCurrent: ({ context, event }, { node, output }: { node: string; output: string }) =>
        event.type === 'node.result' && event.node === node && event.visit === context.visits[node] && event.output === output,
    },
  });


  // Every state has an id ("n:" + node id; ":" never occurs in a node id), and
  // every transition targets one absolutely, so nodes may sit at the top level
  // or inside a parallel branch alike.
  const regions = regionsOf(graph);
  const branchOf = new Map<string, { fork: string; join: string | null; branch: number }>();
  regions.forEach((r) => r.branches.forEach((nodes, branch) => nodes.forEach((n) => branchOf.set(n, { fork: r.fork, join: r.join, branch }))));
  const target = (from: string, to: string) => {
    const inside = branchOf.get(from);
    return `#${sid(inside && inside.join === to ? arrivedAt(inside.fork, inside.branch) : to)}`;
  };

  /** Where a node's output leads: conditional edges in order, then the default. */
  const leave = (node: GraphNode, output: string): Transition[] => {
    const edges = outgoingByOutput(graph, node).get(output) ?? [];
    const conditional = edges.filter((e) => e.conditional).map((e) => ({ target: target(node.id, e.to), guard: { type: 'rule' as const, params: { edge: e.index } } }));
    const fallback = edges.filter((e) => !e.conditional).slice(0, 1).map((e) => ({ target: target(node.id, e.to) }));
    if (edges.length === 0 && output === 'rejected' && node.implicitEnd) return [{ target: `#${sid(REJECTED)}` }];
    if (edges.length === 0 && output === ERROR_OUTPUT && node.implicitEnd) return [{ target: `#${sid(FAILED)}` }];
    return [...conditional, ...fallback];
  };
  /** Adds guards that must hold before a node's own routing is considered. */
  const when = (transitions: Transition[], guards: object[], actions: unknown[] = []): Transition[] =>
    transitions.map((t) => ({ ...t, actions, guard: and([...guards, ...(t.guard ? [t.guard] : [])] as never) as Guard }));

  const approvalIds = graph.nodes.filter((n) => n.behaviour === 'approval').map((n) => n.id);
  const copyActions = (node: string, people: AssigneeSpec[]) => [
    { type: 'resolveCopies', params: { node, people } },
    { type: 'copy', params: ({ context }: { context: InstanceContext }) => ({ node, to: context.pendingCopy }) },
  ];
  /** copy-on-finish: the people the definition names are copied when the request ends */
  const copyOnFinish = (node: string) => (def.settings?.copyOnFinish?.length ? copyActions(node, def.settings.copyOnFinish as AssigneeSpec[]) : []);
  const states: Record<string, object> = {};
  const stateFor = (id: string) => {
    const { node: spec, type } = known.get(id)!;
    return { id: sid(id), ...stateOf(graph.nodes.find((n) => n.id === id)!, spec, type!) };
  };
  for (const node of graph.nodes) if (!branchOf.has(node.id)) states[node.id] = stateFor(node.id);
  states[WITHDRAWN] = { id: sid(WITHDRAWN), type: 'final', entry: [{ type: 'finish', params: { outcome: 'withdrawn' } }] };
  states[REJECTED] = { id: sid(REJECTED), type: 'final', entry: [{ type: 'finish', params: { outcome: 'rejected' } }, ...copyOnFinish(REJECTED)] };
  states[FAILED] = { id: sid(FAILED), type: 'final', entry: [{ type: 'finish', params: { outcome: 'failed' } }] };
  const start = graph.nodes.find((n) => n.behaviour === 'start')!;
  // a node's resubmit policy: back to it (returner), or the whole path again from the start
  const restarts = (node: string) => approvalConfig(node).resubmit?.to === 'start';
  states[RETURNED] = {
    id: sid(RETURNED),
    on: {
      resubmit: approvalIds.map((node) => ({
        target: `#${sid(restarts(node) ? start.id : node)}`,
        guard: { type: 'resumesAt', params: { node } },
        actions: [{ type: 'takeResubmission' }, ...(restarts(node) ? [{ type: 'note', params: { node, reason: reason('resubmitRestarts') } }] : [])],
      })),
    },
  };

  /** Each node type gives its own state (see nodes/*.ts); action nodes without one share the action state. */
  function stateOf(node: GraphNode, spec: DefinitionNode, type: NodeType): object {
    const id = node.id;
    const kit: MachineKit = {
      def,
      node: spec,
      enter: { type: 'enter', params: { node: id } },
      visit: ({ context }) => context.visits[id]!,
      leave: (output) => leave(node, output),
      when,
      title: (context) => titles.get(id)!({ ...dataOf(context) }),
      approvals: approvalIds,
      copy: (people) => copyActions(id, people),
      copyOnFinish: () => copyOnFinish(id),
      region: () => {
        const region = regions.find((r) => r.fork === id)!;
        const joinMode = (known.get(region.join ?? '')?.node.config as { mode?: 'all' | 'any' } | undefined)?.mode ?? 'all';
        return { branches: region.branches, join: region.join, joinMode };
      },
      stateOf: stateFor,
      approvalConfig,
    };
    if (type.machine) return type.machine(kit);
    if (type.behaviour === 'action') return actionState(kit, type);
    // a runtime node (routing, SOP, campaign) is run by its engine runtime, which reads the published definition; an instance never waits in it
    return { entry: [kit.enter] };
  }

  return machineSetup.createMachine({
    id: def.id,
    initial: start.id,
    context: ({ input }) => ({
      form: input.form,
      vars: { ...(def.vars ?? {}), ...(input.vars ?? {}) },
      initiator: input.initiator,
      instance: input.instance,
      visits: {},
      path: [],
      assignees: {},
      panels: {},
      decisions: {},
      approvals: [],
      directory: input.directory ?? EMPTY_DIRECTORY,
      chosen: input.chosen ?? {},
      notes: [],
      returnedFrom: null,
      copiedTo: [],
      pendingCopy: [],
      outcome: null,
    }),
    on: {
      withdraw: { target: `#${sid(WITHDRAWN)}`, guard: 'mayWithdraw' },
      // only a migration sends this: it may land on any top-level node, or park where nothing runs ($returned has no actions)
      migrate: [...graph.nodes.filter((n) => !branchOf.has(n.id)).map((n) => n.id), RETURNED]
        .map((node) => ({ target: `#${sid(node)}`, guard: { type: 'migratesTo' as const, params: { node } } })),
    },
    states: states as never,
    output: ({ context }) => ({ status: context.outcome ?? 'completed' }),
  });
}

export type InstanceMachine = ReturnType<typeof compile>;
export type InstanceSnapshot = AnyMachineSnapshot;

/**
 * The node a return goes to: the initiator, the approval node before this one,
 * or a named node that this request has already passed through; null otherwise.
 */
export function returnTarget(context: Pick<InstanceContext, 'path' | 'approvals'>, node: string, to: string): string | null {
  if (to === TO_INITIATOR) return TO_INITIATOR;
  const before = context.path.slice(0, context.path.lastIndexOf(node));
  if (to === TO_PREVIOUS) return [...context.approvals].reverse().find((a) => a.node !== node && before.includes(a.node))?.node ?? null;
  return before.includes(to) && to !== node ? to : null;
}

/** An action node: a worker runs its `execute` and the result leaves by the output it names. */
function actionState(kit: MachineKit, type: NodeType): object {
  const id = kit.node.id;
  return {
    entry: [kit.enter, {
      type: 'runNode',
      params: ({ context }: { context: InstanceContext }) => ({ node: id, visit: kit.visit({ context }), nodeType: type.type, config: kit.node.config ?? {} }),
    }],
    on: {
      'node.result': type.outputs.flatMap((output) =>
        kit.when(kit.leave(output), [{ type: 'resultIsCurrent', params: { node: id, output } }], [{ type: 'mergeVars' }])),
    },
  };
}

/** Where the decision of each approval node the instance is at stands (see tallyView), for approvers and the initiator. */
export function talliesAt(def: Pick<Definition, 'nodes'>, context: Pick<InstanceContext, 'assignees' | 'decisions' | 'visits' | 'panels'>, at: readonly string[]): Record<string, TallyView> {
  return Object.fromEntries(def.nodes.filter((n) => n.type === 'approval' && at.includes(n.id)).map((n) => [n.id, tallyView(
    n.config as unknown as ApprovalConfig, context.assignees[n.id] ?? [], tallyOf(context as InstanceContext, n.id), context.panels?.[n.id] ?? EMPTY_PANEL,
  )]));
}

/** What a node's approvers see of the form (the fields resubmit.skipUnchanged watches). */
function seen(config: ApprovalConfig, form: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(form).filter(([key]) => config.fields?.[key] !== 'hidden'));
}

/** resubmit.skipUnchanged: the fields watched when the node passed before and none changed since; null otherwise. */
function unchangedSince(config: ApprovalConfig, context: InstanceContext, node: string): string[] | null {
  const before = context.passedForms?.[node];
  if (!config.resubmit?.skipUnchanged || !before) return null;
  const now = seen(config, context.form);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return keys.every((key) => JSON.stringify(before[key]) === JSON.stringify(now[key])) ? keys : null;
}

/** People whose earlier approval counts again at this node (config.skipApproved). */
function earlierApprovers(config: ApprovalConfig, context: InstanceContext, node: string): Set<string> {
  const rule = config.skipApproved ?? 'never';
  if (rule === 'never') return new Set();
  const before = context.approvals.filter((a) => a.node !== node);
  if (rule === 'anywhere') return new Set(before.map((a) => a.by));
  const previous = before.at(-1)?.node;
  return new Set(before.filter((a) => a.node === previous).map((a) => a.by));
}

export type { Graph };
