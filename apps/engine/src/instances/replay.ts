import { replay, startInputOf, type Definition, type InstanceEvent, type InstanceMachine } from '@baton/dsl';
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
export function replayOf(doc: InstanceRecord, machine: InstanceMachine, definition: Definition, visibleFields: readonly string[] | null) {
  const lines = doc.history.filter((h): h is HistoryEntry & Required<Pick<HistoryEntry, 'event'>> => h.event !== undefined);
  const submitted = lines[0]?.event;
  if (submitted?.type !== 'submitted') throw new NotReplayable(doc._id);
  // its events before the move ran on another version: one machine cannot replay them all
  const migrated = doc.history.find((h) => h.type === 'migrated');
  if (migrated) throw new NotReplayable(doc._id, `was migrated from version ${migrated.fromVersion} to ${migrated.toVersion}; a replay steps through a request on one version`);
  const events = lines.slice(1).map((h) => h.event as InstanceEvent);
  const { steps } = replay(machine, definition, startInputOf(doc.snapshot, submitted.form), events);
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

const sameNodes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => n === b[i]);
