import { planMigration, replay, RETURNED, startInputOf, type InstanceEvent, type Step, type VersionMove } from '@baton/dsl';
import type { PublishedVersion } from '../definitions/definitions.service';
import { DomainError } from '../api/domain-error';
import type { HistoryEntry, InstanceRecord } from './instance.schema';

export class NotReplayable extends DomainError {
  constructor(id: string, why = 'was recorded before its events were kept for replay') {
    super('conflict', `request "${id}" ${why}; its history is still readable`);
  }
}

/**
 * A stored instance stepped through again: its recorded events applied to its
 * version's compiled machine (see `replay` in the core), each step beside what
 * was stored for it, so a reader sees the recomputed state matches.
 * `visibleFields` limits the form to what the caller may see (null: all).
 */
export function replayOf(doc: InstanceRecord, versions: ReadonlyMap<number, PublishedVersion>, visibleFields: readonly string[] | null) {
  const lines = doc.history.filter((h): h is HistoryEntry & Required<Pick<HistoryEntry, 'event'>> => h.event !== undefined || h.type === 'migrated');
  const submitted = lines[0]?.event;
  if (submitted?.type !== 'submitted') throw new NotReplayable(doc._id);
  const unmapped = lines.find((h) => h.type === 'migrated' && !h.mapping);
  if (unmapped) throw new NotReplayable(doc._id, `was migrated from version ${unmapped.fromVersion} to ${unmapped.toVersion} before migrations kept their mapping`);
  const first = versions.get(lines.find((h) => h.type === 'migrated')?.fromVersion ?? doc.version)!;
  // a migrated line moves the state reached so far by the mapping it recorded, as the migration did
  const events = lines.slice(1).map((h): InstanceEvent | VersionMove => (h.type !== 'migrated' ? h.event as InstanceEvent : movedBy(h, versions)));
  // role holders as each line was worked out with them (submit, and events that entered a node naming a role)
  const rolesOf = (h: HistoryEntry) => (h.holders ? Object.fromEntries(h.holders.map((x) => [x.role, x.users])) : undefined);
  const input = startInputOf(doc.snapshot, submitted.form);
  const atSubmit = rolesOf(lines[0]!);
  const { steps } = replay(first.machine, first.definition, atSubmit ? { ...input, directory: { ...input.directory!, roles: atSubmit } } : input, events, lines.slice(1).map(rolesOf));
  const shown = (form: Record<string, unknown>) => (visibleFields ? Object.fromEntries(Object.entries(form).filter(([k]) => visibleFields.includes(k))) : form);
  return {
    id: doc._id, serial: doc.serial, definitionId: doc.definitionId, version: doc.version,
    steps: steps.map((s, i) => {
      const line = lines[i]!;
      const stored = { at: line.to, digest: line.state ?? null };
      return {
        index: s.index, rev: line.rev, type: line.type, actor: line.actor, time: line.at,
        ...(line.node === undefined ? {} : { node: line.node }), ...(line.outcome === undefined ? {} : { outcome: line.outcome }),
        accepted: s.accepted, status: s.status, at: s.at, entered: s.entered, form: shown(s.form), vars: s.vars,
        holders: s.holders, rules: s.rules, tallies: s.tallies,
        automatic: s.automatic.map((a) => ({ node: a.node, outcome: a.outcome, ...(a.reason ? { reason: a.reason } : {}) })),
        digest: s.digest, stored,
        matches: s.accepted && sameNodes(s.at, stored.at) && (stored.digest === null || stored.digest === s.digest),
      };
    }),
  };
}

function movedBy(line: HistoryEntry, versions: ReadonlyMap<number, PublishedVersion>): VersionMove {
  const from = versions.get(line.fromVersion!)!;
  const to = versions.get(line.toVersion!)!;
  return {
    machine: to.machine, definition: to.definition,
    move: (snapshot) => {
      const value = snapshot.value;
      const plan = planMigration(from, to, line.mapping!, { status: value === RETURNED ? 'returned' : 'running', at: typeof value === 'string' ? [value] : Object.keys(value ?? {}), snapshot, enteredAt: line.at }, line.at);
      return plan.outcome === 'migrate' ? ({ ...plan, at: plan.to, accepted: true } as unknown as Step) : null;
    },
  };
}

const sameNodes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => n === b[i]);
