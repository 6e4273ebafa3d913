import { explain, reason, type Reason } from '../timeline';

/**
 * The rules of an approval node as plain functions over plain data: who is
 * asked, who may decide now, and when the node is decided. compile() wires
 * them into the machine; the tests read them directly.
 */

export type AssigneeKind = 'user' | 'role' | 'manager' | 'managers' | 'departmentHead' | 'field' | 'initiator' | 'chosen';
export type ApprovalMode = 'any' | 'all' | 'sequential' | 'vote' | 'quorum' | 'weighted';

export interface AssigneeSpec {
  type: AssigneeKind;
  value?: string;
  level?: number;
}

export interface ApprovalConfig {
  title?: string;
  assignees: AssigneeSpec[];
  mode?: ApprovalMode;
  passRatio?: number;
  whenNobody?: 'approve' | 'reject' | 'admin';
  admin?: string;
  skipApproved?: 'never' | 'adjacent' | 'anywhere';
  whenInitiator?: 'keep' | 'approve';
  deadlines?: {
    remindAfter?: string; escalateAfter?: string; decideAfter?: string; decision?: 'approve' | 'reject';
    /** the ladder's second rung: open tasks move up once more (to level 2 above the approvers) */
    escalateAgainAfter?: string;
    /** durations count the working time of the tenant's calendar */
    workingTime?: boolean;
    /** warn the approvers when this share of the time until the last deadline has passed (0.8: at 80 %) */
    warnAt?: number;
  };
  requireSignature?: boolean;
  /**
   * After this node returns the request to the initiator, the resubmission
   * goes back to this node (returner, the default) or runs the whole path
   * again (start); skipUnchanged: when the path reaches this node again, it
   * is approved automatically if it approved before and none of the fields
   * its approvers see changed since.
   */
  resubmit?: { to?: 'returner' | 'start'; skipUnchanged?: boolean };
  /** what this node's approvers may do with each form field; read-only when not named */
  fields?: Record<string, FieldPermission>;
  /** quorum rules: groups with counts, weights with a pass threshold, veto holders */
  quorum?: QuorumConfig;
}

export interface QuorumConfig {
  /** mode quorum: every group must reach its count ("2 of finance and 1 of legal") */
  groups?: Array<{ name?: string; assignees: AssigneeSpec[]; count: number }>;
  /** mode weighted: each person's weight (1 for those asked without one) */
  weights?: Array<{ assignees: AssigneeSpec[]; weight: number }>;
  /** mode weighted: the approved weight that passes */
  passWeight?: number;
  /** any mode: one rejection by any of them rejects the node */
  veto?: AssigneeSpec[];
}

/** The quorum rules resolved to people when the node is entered. */
export interface Panel {
  groups: Array<{ name: string; count: number; members: string[] }>;
  weights: Record<string, number>;
  veto: string[];
}

export const EMPTY_PANEL: Panel = { groups: [], weights: {}, veto: [] };

export type FieldPermission = 'editable' | 'readonly' | 'hidden';

/** The form as this node's approvers see it: hidden fields are absent. */
export function visibleForm(config: Pick<ApprovalConfig, 'fields'>, form: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(form).filter(([key]) => config.fields?.[key] !== 'hidden'));
}

/** Changed fields this node does not let its approvers edit. */
export function forbiddenChanges(config: Pick<ApprovalConfig, 'fields'>, changes: Record<string, unknown>): string[] {
  return Object.keys(changes).filter((key) => config.fields?.[key] !== 'editable');
}

/**
 * What the organisation said about the initiator when the request was
 * submitted: resolved by the engine once, so the machine stays pure.
 */
export interface Directory {
  /** the initiator's managers, level 1 first; null where a level does not exist */
  managers: Array<string | null>;
  /** the initiator's departments */
  departments: string[];
  /** department id → head (null: no head) for the initiator's and the named departments */
  heads: Record<string, string | null>;
  /** role → active holders */
  roles: Record<string, string[]>;
}

export const EMPTY_DIRECTORY: Directory = { managers: [], departments: [], heads: {}, roles: {} };

export interface Tally {
  approvedBy: string[];
  rejectedBy: string[];
  /** signers added by an approver, before, after or beside themselves */
  added?: AddedSigner[];
  /** approvals the engine gave on its own (approved before, the initiator): decided by `system` */
  auto?: string[];
}

export interface AddedSigner {
  who: string;
  by: string;
  /** before: they sign first; after: once the adder approved; parallel (并加签): now, beside the adder */
  position: 'before' | 'after' | 'parallel';
}

export const EMPTY_TALLY: Tally = { approvedBy: [], rejectedBy: [] };

export interface ResolveInput {
  form: Record<string, unknown>;
  initiatorId: string;
  directory: Directory;
  /** the people the initiator chose for this node at submit time */
  chosen: string[];
}

/** Users an approval node names, in order, without duplicates, and what could not be found (in words and as reasons). */
export function resolveAssignees(config: Pick<ApprovalConfig, 'assignees'>, input: ResolveInput): { users: string[]; missing: string[]; reasons: Reason[] } {
  const users: string[] = [];
  const reasons: Reason[] = [];
  const { directory } = input;
  for (const a of config.assignees) {
    switch (a.type) {
      case 'user':
        if (a.value) users.push(a.value);
        break;
      case 'initiator':
        users.push(input.initiatorId);
        break;
      case 'field': {
        const value = input.form[a.value ?? ''];
        const values: unknown[] = Array.isArray(value) ? value : [value];
        const found = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
        if (found.length === 0) reasons.push(reason('emptyField', { field: a.value ?? '' }));
        users.push(...found);
        break;
      }
      case 'chosen':
        if (input.chosen.length === 0) reasons.push(reason('noneChosen'));
        users.push(...input.chosen);
        break;
      case 'role': {
        const holders = directory.roles[a.value ?? ''] ?? [];
        if (holders.length === 0) reasons.push(reason('emptyRole', { role: a.value ?? '' }));
        users.push(...holders);
        break;
      }
      case 'manager': {
        const level = a.level ?? 1;
        const manager = directory.managers[level - 1];
        if (manager) users.push(manager);
        else reasons.push(reason('missingManager', { level }));
        break;
      }
      case 'managers':
        for (let level = 1; level <= (a.level ?? 1); level++) {
          const manager = directory.managers[level - 1];
          if (manager) users.push(manager);
          else {
            reasons.push(reason('missingManager', { level }));
            break;
          }
        }
        break;
      case 'departmentHead': {
        const departments = a.value ? [a.value] : directory.departments;
        if (departments.length === 0) reasons.push(reason('inNoDepartment'));
        for (const d of departments) {
          const head = directory.heads[d];
          if (head) users.push(head);
          else reasons.push(reason('noHead', { department: d }));
        }
        break;
      }
    }
  }
  return { users: [...new Set(users)], missing: reasons.map((r) => explain(r)), reasons };
}

/** Everyone a node names: its assignees, then the people of its quorum groups, weights and veto. */
function everyoneNamed(config: ApprovalConfig): AssigneeSpec[] {
  const q = config.quorum;
  return [...(config.assignees ?? []), ...(q?.groups ?? []).flatMap((g) => g.assignees), ...(q?.weights ?? []).flatMap((w) => w.assignees), ...(q?.veto ?? [])];
}

/** The quorum rules of a node as people, resolved like its assignees. */
export function panelOf(config: ApprovalConfig, input: ResolveInput): Panel {
  const q = config.quorum;
  if (!q) return EMPTY_PANEL;
  const people = (assignees: AssigneeSpec[]) => resolveAssignees({ assignees }, input).users;
  const weights: Record<string, number> = {};
  for (const w of q.weights ?? []) for (const who of people(w.assignees)) weights[who] = w.weight;
  return {
    groups: (q.groups ?? []).map((g, i) => ({ name: g.name ?? `group ${i + 1}`, count: g.count, members: people(g.assignees) })),
    weights,
    veto: people(q.veto ?? []),
  };
}

/** The quorum rules after a task moved from one person to another (transfer, delegation, escalation): the new holder sits where the old one sat. */
export function reseated(panel: Panel, from: string, to: string): Panel {
  const swap = (people: string[]) => [...new Set(people.map((p) => (p === from ? to : p)))];
  const weights = Object.fromEntries(Object.entries(panel.weights).map(([who, w]) => [who === from ? to : who, w]));
  return { groups: panel.groups.map((g) => ({ ...g, members: swap(g.members) })), weights, veto: swap(panel.veto) };
}

export interface Approvers {
  /** who is asked, after the node's when-nobody rule */
  assignees: string[];
  /** what the history notes: people not found, and the when-nobody rule applied */
  notes: string[];
  /** the same notes as reasons, for the timeline in every language */
  reasons: Reason[];
  /** set when nobody was resolved: what the node does then */
  nobody: 'approve' | 'reject' | 'admin' | null;
}

/**
 * Who an approval node asks when it is entered: the assignees it names and,
 * when that is nobody, its when-nobody rule (approve, reject, or hand it to
 * its admin). The engine's machine and the designer's simulator both ask this.
 */
export function approversOf(config: ApprovalConfig, input: ResolveInput): Approvers {
  const { users, reasons } = resolveAssignees({ assignees: everyoneNamed(config) }, input);
  if (users.length > 0) return { assignees: users, notes: reasons.map((r) => explain(r)), reasons, nobody: null };
  const policy = config.whenNobody ?? 'reject';
  const assignees = policy === 'admin' && config.admin ? [config.admin] : [];
  const all = [...reasons, reason('nobodyResolved', { policy, ...(policy === 'admin' ? { admin: config.admin ?? '' } : {}) })];
  return { assignees, notes: all.map((r) => explain(r)), reasons: all, nobody: policy };
}

/**
 * The initiator as conditions read it (`initiator.departments`,
 * `initiator.roles`): the person and their departments from the directory.
 */
export function initiatorOf(person: { id: string; name: string; roles: readonly string[] }, directory: Directory): { id: string; name: string; departments: string[]; roles: string[] } {
  return { id: person.id, name: person.name, departments: [...directory.departments], roles: [...person.roles] };
}

/**
 * Who should hold an open task now. An approver who added a signer before
 * themselves waits until that signer has decided; a signer added after an
 * approver is asked once that approver has approved.
 */
export function openAssignees(config: ApprovalConfig, assignees: string[], tally: Tally): string[] {
  const decided = new Set([...tally.approvedBy, ...tally.rejectedBy]);
  const added = tally.added ?? [];
  const waiting = new Set(added.filter((a) => a.position === 'before' && !decided.has(a.who)).map((a) => a.by));
  const open = assignees.filter((a) => !decided.has(a));
  const base = ((config.mode ?? 'any') === 'sequential' ? open.slice(0, 1) : open).filter((a) => !waiting.has(a));
  const due = added.filter((a) => !decided.has(a.who) && (a.position !== 'after' || tally.approvedBy.includes(a.by))).map((a) => a.who);
  return [...new Set([...base, ...due])];
}

/** The node's result for a tally, or null while it is still open. */
export function outcomeOf(config: ApprovalConfig, assignees: string[], tally: Tally, panel: Panel = EMPTY_PANEL): 'approved' | 'rejected' | null {
  const added = tally.added ?? [];
  if (added.some((a) => tally.rejectedBy.includes(a.who))) return 'rejected';
  // a veto holder's rejection ends the node, whatever the count
  if (panel.veto.some((v) => tally.rejectedBy.includes(v))) return 'rejected';
  const base = baseOutcome(config, assignees, tally, panel);
  // added signers must approve too before the node is approved
  return base === 'approved' && added.some((a) => !tally.approvedBy.includes(a.who)) ? null : base;
}

function baseOutcome(config: ApprovalConfig, assignees: string[], tally: Tally, panel: Panel): 'approved' | 'rejected' | null {
  const n = assignees.length;
  if (n === 0) return null;
  const approved = assignees.filter((a) => tally.approvedBy.includes(a)).length;
  const rejected = assignees.filter((a) => tally.rejectedBy.includes(a)).length;
  switch (config.mode ?? 'any') {
    case 'any':
      return approved > 0 ? 'approved' : rejected > 0 ? 'rejected' : null;
    case 'all':
    case 'sequential':
      return rejected > 0 ? 'rejected' : approved === n ? 'approved' : null;
    case 'vote': {
      const ratio = config.passRatio ?? 0.5;
      if (approved / n >= ratio) return 'approved';
      if ((n - rejected) / n < ratio) return 'rejected';
      return null;
    }
    case 'quorum': {
      const groups = groupCounts(panel, tally);
      if (groups.every((g) => g.approved >= g.count)) return 'approved';
      // a group that can no longer reach its count decides against
      if (groups.some((g) => g.members.length - g.rejected < g.count)) return 'rejected';
      return null;
    }
    case 'weighted': {
      const w = weightOf(config, panel, assignees, tally);
      if (w.approved >= w.needed) return 'approved';
      if (w.total - w.rejected < w.needed) return 'rejected';
      return null;
    }
  }
}

function groupCounts(panel: Panel, tally: Tally) {
  return panel.groups.map((g) => ({
    ...g,
    approved: g.members.filter((m) => tally.approvedBy.includes(m)).length,
    rejected: g.members.filter((m) => tally.rejectedBy.includes(m)).length,
  }));
}

function weightOf(config: ApprovalConfig, panel: Panel, assignees: string[], tally: Tally) {
  const weight = (who: string) => panel.weights[who] ?? 1;
  const sum = (people: string[]) => people.filter((p) => assignees.includes(p)).reduce((total, p) => total + weight(p), 0);
  return { approved: sum(tally.approvedBy), rejected: sum(tally.rejectedBy), total: sum(assignees), needed: config.quorum?.passWeight ?? Infinity };
}

/** Where a node's decision stands, as approvers and the initiator see it. */
export interface TallyView {
  mode: ApprovalMode;
  approvedBy: string[];
  rejectedBy: string[];
  /** who may decide now */
  pending: string[];
  added: AddedSigner[];
  groups?: Array<{ name: string; count: number; approved: number; members: string[] }>;
  weight?: { approved: number; rejected: number; needed: number; total: number };
  veto?: { holders: string[]; vetoedBy: string[] };
  outcome: 'approved' | 'rejected' | null;
}

export function tallyView(config: ApprovalConfig, assignees: string[], tally: Tally, panel: Panel = EMPTY_PANEL): TallyView {
  const mode = config.mode ?? 'any';
  return {
    mode,
    approvedBy: tally.approvedBy,
    rejectedBy: tally.rejectedBy,
    pending: openAssignees(config, assignees, tally),
    added: tally.added ?? [],
    ...(mode === 'quorum' ? { groups: groupCounts(panel, tally).map(({ name, count, approved, members }) => ({ name, count, approved, members })) } : {}),
    ...(mode === 'weighted' ? { weight: (({ approved, rejected, needed, total }) => ({ approved, rejected, needed, total }))(weightOf(config, panel, assignees, tally)) } : {}),
    ...(panel.veto.length > 0 ? { veto: { holders: panel.veto, vetoedBy: panel.veto.filter((v) => tally.rejectedBy.includes(v)) } } : {}),
    outcome: outcomeOf(config, assignees, tally, panel),
  };
}

export function withDecision(tally: Tally, by: string, outcome: 'approved' | 'rejected'): Tally {
  return outcome === 'approved'
    ? { ...tally, approvedBy: [...tally.approvedBy, by] }
    : { ...tally, rejectedBy: [...tally.rejectedBy, by] };
}

export interface Settlement {
  assignee: string;
  status: 'approved' | 'rejected' | 'cancelled';
  /** who decided: the holder, `system` for an automatic decision; absent for a cancelled task */
  by?: string;
}

/**
 * The tasks when the node is left: decided ones as decided (by their holder,
 * or by `system` when the engine approved on its own); the rest cancelled,
 * or, when a deadline decides (`automatic`), decided by `system` that way.
 */
export function finalStatuses(assignees: string[], tally: Tally, automatic?: 'approved' | 'rejected'): Settlement[] {
  const everyone = [...new Set([...assignees, ...(tally.added ?? []).map((a) => a.who)])];
  return everyone.map((a): Settlement => {
    const decided = tally.approvedBy.includes(a) ? 'approved' : tally.rejectedBy.includes(a) ? 'rejected' : null;
    if (decided) return { assignee: a, status: decided, by: (tally.auto ?? []).includes(a) ? SYSTEM : a };
    return automatic ? { assignee: a, status: automatic, by: SYSTEM } : { assignee: a, status: 'cancelled' };
  });
}

/** The actor of automatic steps and decisions. */
export const SYSTEM = 'system';

/**
 * What the engine must look up in the organisation before an instance of `def`
 * starts: the roles and named departments of approvers, of the people copied
 * (cc nodes) and of those copied on finish.
 */
export function directoryNeeds(def: {
  nodes: Array<{ type: string; config?: Record<string, unknown> }>;
  settings?: { copyOnFinish?: Array<{ type: string; value?: string }> };
}): { roles: string[]; departments: string[] } {
  const roles = new Set<string>();
  const departments = new Set<string>();
  const people = def.nodes.flatMap((node): Array<{ type: string; value?: string }> => {
    if (node.type === 'approval') return node.config ? everyoneNamed(node.config as unknown as ApprovalConfig) : [];
    if (node.type === 'cc') return (node.config as { people?: AssigneeSpec[] } | undefined)?.people ?? [];
    return [];
  });
  for (const a of [...people, ...(def.settings?.copyOnFinish ?? [])]) {
    if (a.type === 'role' && a.value) roles.add(a.value);
    if (a.type === 'departmentHead' && a.value) departments.add(a.value);
  }
  return { roles: [...roles], departments: [...departments] };
}
