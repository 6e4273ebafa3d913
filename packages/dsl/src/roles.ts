import type { Problem } from './definition';

/**
 * Business roles (finance, HR BP, legal, seal keeper): named by a tenant,
 * held by people, optionally per department. They are not access roles:
 * member, department admin and super admin say what someone may do in
 * Baton; a business role says whom a workflow asks.
 */

/** Access roles: still resolvable by name ({type:'role', value:'superAdmin'}), never a business role's code. */
export const ACCESS_ROLES = ['member', 'deptAdmin', 'superAdmin'] as const;

/** A business role's code: what definitions name. */
export const ROLE_CODE_PATTERN = '^[a-z][a-zA-Z0-9_-]{0,63}$';

export interface RoleHolding {
  userId: string;
  /** the department the holding is for (scoped roles); null for a tenant-wide holder */
  departmentId: string | null;
}

/**
 * The holders of a role for an initiator. A role without department scope:
 * every holder. A scoped role ("HR BP of Sales"): for each of the
 * initiator's departments, the holders at the nearest department walking up
 * the tree (the department itself, then its parent, ... up to the top);
 * tenant-wide holders answer when no department on the way has one.
 * `chains` lists, per initiator department, that department and its
 * ancestors, nearest first.
 */
export function holdersFor(role: { scoped: boolean }, holdings: readonly RoleHolding[], chains: readonly string[][]): string[] {
  if (!role.scoped) return unique(holdings.map((h) => h.userId));
  const byDepartment = new Map<string | null, string[]>();
  for (const h of holdings) byDepartment.set(h.departmentId, [...(byDepartment.get(h.departmentId) ?? []), h.userId]);
  const found: string[] = [];
  for (const chain of chains) {
    const nearest = chain.find((d) => byDepartment.has(d));
    if (nearest !== undefined) found.push(...byDepartment.get(nearest)!);
  }
  if (found.length === 0) found.push(...(byDepartment.get(null) ?? []));
  return unique(found);
}

/** A department's chain for holdersFor: itself, then its ancestors nearest first. */
export function chainOf(department: { id: string; ancestors: readonly string[] }): string[] {
  return [department.id, ...[...department.ancestors].reverse()];
}

/** Where a definition names a role, with the role's code: approvers, CC, copy on finish, quorum rules, routing targets. */
export function roleReferences(def: unknown): Array<{ pointer: string; code: string }> {
  const found: Array<{ pointer: string; code: string }> = [];
  const people = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      const spec = p as { type?: unknown; value?: unknown } | null;
      if (spec?.type === 'role' && typeof spec.value === 'string') found.push({ pointer: `${at}/${i}/value`, code: spec.value });
    });
  };
  const d = (def ?? {}) as { nodes?: unknown; settings?: { copyOnFinish?: unknown } };
  people(d.settings?.copyOnFinish, '/settings/copyOnFinish');
  if (!Array.isArray(d.nodes)) return found;
  d.nodes.forEach((node: { type?: string; config?: Record<string, unknown> } | null, n) => {
    const config = node?.config;
    if (!config || typeof config !== 'object') return;
    const at = `/nodes/${n}/config`;
    if (node!.type === 'approval') {
      people(config.assignees, `${at}/assignees`);
      const quorum = config.quorum as { groups?: unknown; weights?: unknown; veto?: unknown } | undefined;
      if (quorum && typeof quorum === 'object') {
        if (Array.isArray(quorum.groups)) quorum.groups.forEach((g: { assignees?: unknown } | null, i) => people(g?.assignees, `${at}/quorum/groups/${i}/assignees`));
        if (Array.isArray(quorum.weights)) quorum.weights.forEach((w: { assignees?: unknown } | null, i) => people(w?.assignees, `${at}/quorum/weights/${i}/assignees`));
        people(quorum.veto, `${at}/quorum/veto`);
      }
    }
    if (node!.type === 'cc') people(config.people, `${at}/people`);
    if (node!.type === 'route') {
      const targets = [...(Array.isArray(config.rules) ? config.rules.map((r: { target?: unknown } | null, i) => [r?.target, `${at}/rules/${i}/target`] as const) : []), [config.fallback, `${at}/fallback`] as const];
      for (const [target, where] of targets) {
        const t = target as { type?: unknown; value?: unknown } | undefined;
        if (t?.type === 'role' && typeof t.value === 'string') found.push({ pointer: `${where}/value`, code: t.value });
      }
    }
    if (node!.type === 'sop.cadence' && Array.isArray(config.steps)) {
      config.steps.forEach((s: { role?: unknown } | null, i) => {
        if (typeof s?.role === 'string') found.push({ pointer: `${at}/steps/${i}/role`, code: s.role });
      });
    }
  });
  return found;
}

/** Roles a definition names that the tenant does not define (access role names always exist). */
export function unknownRoleProblems(def: unknown, known: readonly string[]): Problem[] {
  const defined = new Set<string>([...ACCESS_ROLES, ...known]);
  return roleReferences(def).filter((r) => !defined.has(r.code)).map((r) => ({ pointer: r.pointer, message: `unknown role "${r.code}"` }));
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
