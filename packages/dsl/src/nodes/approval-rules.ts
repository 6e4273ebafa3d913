import { explain, reason, type Reason } from '../timeline';

/**
 * The rules of an approval node as plain functions over plain data: who is
 * asked, who may decide now, and when the node is decided. compile() wires
 * them into the machine; the tests read them directly.
 */

export type AssigneeKind = 'user' | 'role' | 'manager' | 'managers' | 'departmentHead' | 'field' | 'initiator' | 'chosen';
export type ApprovalMode = 'any' | 'all' | 'sequential' | 'vote';

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
  deadlines?: { remindAfter?: string; escalateAfter?: string; decideAfter?: string; decision?: 'approve' | 'reject' };
  requireSignature?: boolean;
  /** what this node's approvers may do with each form field; read-only when not named */
  fields?: Record<string, FieldPermission>;
}

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
  position: 'before' | 'after';
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
  const { users, reasons } = resolveAssignees(config, input);
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
  const due = added.filter((a) => !decided.has(a.who) && (a.position === 'before' || tally.approvedBy.includes(a.by))).map((a) => a.who);
  return [...new Set([...base, ...due])];
}

/** The node's result for a tally, or null while it is still open. */
export function outcomeOf(config: ApprovalConfig, assignees: string[], tally: Tally): 'approved' | 'rejected' | null {
  const added = tally.added ?? [];
  if (added.some((a) => tally.rejectedBy.includes(a.who))) return 'rejected';
  const base = baseOutcome(config, assignees, tally);
  // added signers must approve too before the node is approved
  return base === 'approved' && added.some((a) => !tally.approvedBy.includes(a.who)) ? null : base;
}

function baseOutcome(config: ApprovalConfig, assignees: string[], tally: Tally): 'approved' | 'rejected' | null {
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
  }
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
    if (node.type === 'approval') return (node.config as unknown as ApprovalConfig | undefined)?.assignees ?? [];
    if (node.type === 'cc') return (node.config as { people?: AssigneeSpec[] } | undefined)?.people ?? [];
    return [];
  });
  for (const a of [...people, ...(def.settings?.copyOnFinish ?? [])]) {
    if (a.type === 'role' && a.value) roles.add(a.value);
    if (a.type === 'departmentHead' && a.value) departments.add(a.value);
  }
  return { roles: [...roles], departments: [...departments] };
}
