import type { Definition } from './definition';
import type { InstanceEvent, InstanceInput, InstanceMachine } from './compile';
import { buildGraph } from './graph';
import { approversOf, openAssignees, type ApprovalConfig, type Directory } from './nodes/approval-rules';
import { tallyOf } from './nodes/machine';
import { builtinRegistry, type NodeRegistry } from './nodes/registry';
import { start, step, type InstanceStatus, type Step } from './run';

/**
 * "What if I publish this draft?" as pure data: the draft is run against the
 * live organisation and against recent requests of the published version,
 * with the same compile/start/step the engine uses. The engine's worker feeds
 * requests one by one (for its progress) and stores the report.
 */

export interface VersionUnderTest {
  definition: Definition;
  machine: InstanceMachine;
}

/** The organisation as data: each department with the people in it and what their requests would resolve against. */
export interface OrgDepartment {
  id: string;
  name: string;
  people: Array<{ id: string; directory: Directory }>;
}

/** A recent request: what it was submitted with (against the live organisation) and the decisions taken on it. */
export interface RecordedRequest {
  id: string;
  serial: string;
  /** finished requests are assumed approved where the draft asks something nobody was asked */
  finished: boolean;
  input: InstanceInput;
  decisions: Array<{ node: string; by: string; outcome: 'approved' | 'rejected' }>;
}

export interface SimulatedPath {
  path: string[];
  status: InstanceStatus;
  /** where it would still wait (a running request with no decision recorded there) */
  waitingAt: string[];
  tasks: string[];
}

export interface PathChange {
  requestId: string;
  serial: string;
  before: { path: string[]; status: InstanceStatus };
  after: { path: string[]; status: InstanceStatus };
  added: string[];
  removed: string[];
}

export interface DepartmentFinding {
  department: { id: string; name: string };
  /** approval nodes that ask nobody for someone of this department, and what the node then does */
  nobody: Array<{ node: string; people: string[]; then: 'approve' | 'reject' | 'admin' }>;
  /** approval nodes that ask the initiator themself */
  initiator: Array<{ node: string; people: string[] }>;
}

export interface WhatIfReport {
  requests: number;
  departments: DepartmentFinding[];
  pathChanges: PathChange[];
  unreached: string[];
  waitForever: Array<{ node: string; why: 'withdrawNever' | 'decidedBefore' }>;
  tasksPerPerson: Array<{ person: string; tasks: number }>;
}

const MAX_STEPS = 200;

/** Walks one request through a version: recorded decisions first, then (for a finished request) approvals by the first open approver. */
export function simulatePath(version: VersionUnderTest, request: RecordedRequest, registry: NodeRegistry = builtinRegistry): SimulatedPath {
  const def = version.definition;
  const remaining = [...request.decisions];
  let current: Step = start(version.machine, request.input);
  const tasks: string[] = [];
  const count = (s: Pick<Step, 'effects'>) => s.effects.forEach((e) => { if (e.type === 'createTasks') tasks.push(...e.assignees); });
  count(current);
  for (let i = 0; i < MAX_STEPS && current.status === 'running'; i++) {
    const event = nextEvent(def, current, remaining, request.finished, registry);
    if (!event) return { path: current.context.path, status: current.status, waitingAt: current.at, tasks };
    const next = step(version.machine, current.snapshot, event);
    if (!next.accepted) break;
    count(next);
    current = next;
  }
  return { path: current.context.path, status: current.status, waitingAt: current.status === 'running' ? current.at : [], tasks };
}

function nextEvent(def: Definition, s: Step, remaining: RecordedRequest['decisions'], finished: boolean, registry: NodeRegistry): InstanceEvent | null {
  for (const node of s.at) {
    const spec = def.nodes.find((n) => n.id === node);
    const type = spec && registry.get(spec.type);
    const visit = s.context.visits[node] ?? 1;
    if (type?.behaviour === 'approval') {
      const open = openAssignees(spec!.config as unknown as ApprovalConfig, s.context.assignees[node] ?? [], tallyOf(s.context, node));
      if (open.length === 0) continue;
      const index = remaining.findIndex((d) => d.node === node);
      if (index < 0 && !finished) continue;
      const recorded = index < 0 ? null : remaining.splice(index, 1)[0]!;
      const by = recorded && open.includes(recorded.by) ? recorded.by : open[0]!;
      return { type: 'decide', node, visit, by, outcome: recorded?.outcome ?? 'approved' };
    }
    if (type?.behaviour === 'action') return { type: 'node.result', node, visit, output: type.outputs[0]! };
    if (type?.behaviour === 'wait') return { type: 'timer', node, token: visit };
  }
  return null;
}

/** Per department: the approval nodes of `def` that ask nobody, or the initiator, for the people in it. */
export function departmentFindings(def: Definition, org: OrgDepartment[]): DepartmentFinding[] {
  const approvals = def.nodes.filter((n) => n.type === 'approval' && dependsOnOrg(n.config as unknown as ApprovalConfig));
  return org.map((department) => {
    const nobody = new Map<string, { people: string[]; then: 'approve' | 'reject' | 'admin' }>();
    const initiator = new Map<string, string[]>();
    for (const person of department.people) {
      for (const node of approvals) {
        const config = node.config as unknown as ApprovalConfig;
        const asked = approversOf(config, { form: {}, initiatorId: person.id, directory: person.directory, chosen: [] });
        if (asked.nobody) nobody.set(node.id, { people: [...(nobody.get(node.id)?.people ?? []), person.id], then: asked.nobody });
        else if (asked.assignees.includes(person.id)) initiator.set(node.id, [...(initiator.get(node.id) ?? []), person.id]);
      }
    }
    return {
      department: { id: department.id, name: department.name },
      nobody: [...nobody].map(([node, found]) => ({ node, ...found })),
      initiator: [...initiator].map(([node, people]) => ({ node, people })),
    };
  }).filter((d) => d.nobody.length > 0 || d.initiator.length > 0);
}

/** A node whose approvers come only from the form or the initiator's choice says nothing about the organisation. */
function dependsOnOrg(config: ApprovalConfig): boolean {
  return (config.assignees ?? []).some((a) => a.type !== 'field' && a.type !== 'chosen');
}

/**
 * Nodes where a request could wait forever: it waits for a person or an
 * outside event with no deadline that decides, and the initiator cannot
 * withdraw it there (never allowed, or someone already decided before it).
 */
export function waitsForever(def: Definition, registry: NodeRegistry = builtinRegistry): WhatIfReport['waitForever'] {
  const policy = def.settings?.withdraw ?? 'untilDecided';
  if (policy === 'always') return [];
  const known = new Map(def.nodes.map((node, index) => [node.id, { index, node, type: registry.get(node.type) }]));
  const graph = buildGraph(def.edges, known);
  const upstream = (id: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [id];
    while (todo.length > 0) {
      for (const from of graph.previous.get(todo.pop()!) ?? []) if (!seen.has(from)) { seen.add(from); todo.push(from); }
    }
    return seen;
  };
  return def.nodes.flatMap((n): WhatIfReport['waitForever'] => {
    const behaviour = registry.get(n.type)?.behaviour;
    const config = (n.config ?? {}) as { deadlines?: { decideAfter?: string }; timeout?: string };
    const noDeadline = (behaviour === 'approval' && !config.deadlines?.decideAfter) || (behaviour === 'receive' && !config.timeout);
    if (!noDeadline) return [];
    if (policy === 'never') return [{ node: n.id, why: 'withdrawNever' as const }];
    const decidedBefore = [...upstream(n.id)].some((u) => u !== n.id && known.get(u)?.type?.behaviour === 'approval');
    return decidedBefore ? [{ node: n.id, why: 'decidedBefore' as const }] : [];
  });
}

/** Collects a what-if run request by request; `report()` answers at any point. */
export function whatIf(draft: VersionUnderTest, published: VersionUnderTest, org: OrgDepartment[], registry: NodeRegistry = builtinRegistry) {
  const departments = departmentFindings(draft.definition, org);
  const pathChanges: PathChange[] = [];
  const reached = new Set<string>();
  const tasks = new Map<string, number>();
  let requests = 0;
  return {
    add(request: RecordedRequest): PathChange | null {
      requests += 1;
      const before = simulatePath(published, request, registry);
      const after = simulatePath(draft, request, registry);
      after.path.forEach((n) => reached.add(n));
      after.tasks.forEach((p) => tasks.set(p, (tasks.get(p) ?? 0) + 1));
      if (before.status === after.status && before.path.join('>') === after.path.join('>')) return null;
      const change: PathChange = {
        requestId: request.id, serial: request.serial,
        before: { path: before.path, status: before.status }, after: { path: after.path, status: after.status },
        added: [...new Set(after.path.filter((n) => !before.path.includes(n)))],
        removed: [...new Set(before.path.filter((n) => !after.path.includes(n)))],
      };
      pathChanges.push(change);
      return change;
    },
    report(): WhatIfReport {
      return {
        requests, departments, pathChanges,
        unreached: draft.definition.nodes.filter((n) => registry.get(n.type)?.behaviour !== 'start' && !reached.has(n.id)).map((n) => n.id),
        waitForever: waitsForever(draft.definition, registry),
        tasksPerPerson: [...tasks].map(([person, n]) => ({ person, tasks: n })).sort((a, b) => b.tasks - a.tasks || a.person.localeCompare(b.person)),
      };
    },
  };
}
