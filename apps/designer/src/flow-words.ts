import { parseDuration, type Definition, type FormField } from '@baton/dsl';

/**
 * What a node does and when an edge is taken, in words, for the canvas:
 * "Direct manager, Manager level 2 · any one · remind after 1 day" and
 * "Days > 3". Pure functions of the definition; `t` translates.
 */

export type Translate = (key: string, values?: Record<string, unknown>) => string;
type Node = Definition['nodes'][number];
interface PersonSpec { type: string; value?: string; level?: number }

/** "1 day 4 h" for P1DT4H; the text itself when it is not a duration. */
export function durationInWords(iso: string, t: Translate): string {
  let ms = parseDuration(iso);
  if (ms === null) return iso;
  const parts: string[] = [];
  for (const [unit, size] of [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) parts.push(t(`summary.${unit}`, { count: n }));
    ms -= n * size;
  }
  return parts.join(' ') || iso;
}

export function personInWords(p: PersonSpec, t: Translate, names: (id: string) => string = (id) => id, fields: readonly FormField[] = []): string {
  switch (p.type) {
    case 'user': return p.value ? names(p.value) : t('summary.someone');
    case 'manager': return (p.level ?? 1) === 1 ? t('summary.directManager') : t('summary.managerLevel', { level: p.level });
    case 'managers': return t('summary.managersUpTo', { level: p.level ?? 1 });
    case 'departmentHead': return p.value ? t('summary.headOf', { value: names(p.value) }) : t('summary.ownHead');
    case 'role': return t('summary.role', { value: p.value ? names(p.value) : '?' });
    case 'field': return t('summary.field', { value: fields.find((f) => f.key === p.value)?.label ?? p.value ?? '?' });
    default: return t(`summary.${p.type}`, { defaultValue: p.type });
  }
}

/** One line saying what a node does, or '' when there is nothing to add to its title. */
export function nodeSummary(node: Node, t: Translate, names?: (id: string) => string, fields: readonly FormField[] = []): string {
  const config = (node.config ?? {}) as Record<string, unknown>;
  const people = (list: unknown) => (Array.isArray(list) ? (list as PersonSpec[]).map((p) => personInWords(p, t, names, fields)).join(', ') : '');
  switch (node.type) {
    case 'approval': {
      const who = people(config.assignees) || t('summary.nobodyYet');
      const mode = (config.mode as string | undefined) ?? 'any';
      const parts = [who, mode === 'vote' ? t('summary.vote', { percent: Math.round(Number(config.passRatio ?? 0) * 100) }) : t(`summary.mode_${mode}`)];
      const deadlines = (config.deadlines ?? {}) as Record<string, string | undefined>;
      if (deadlines.remindAfter) parts.push(t('summary.remindAfter', { after: durationInWords(deadlines.remindAfter, t) }));
      if (deadlines.escalateAfter) parts.push(t('summary.escalateAfter', { after: durationInWords(deadlines.escalateAfter, t) }));
      if (deadlines.decideAfter) parts.push(t(deadlines.decision === 'approve' ? 'summary.approveAfter' : 'summary.rejectAfter', { after: durationInWords(deadlines.decideAfter, t) }));
      if (config.requireSignature) parts.push(t('summary.signature'));
      return parts.join(' · ');
    }
    case 'cc': return t('summary.copies', { people: people(config.people) || t('summary.noOne') });
    case 'delay': return typeof config.duration === 'string' ? t('summary.waits', { after: durationInWords(config.duration, t) }) : '';
    default: return '';
  }
}

const OPERATORS: Record<string, string> = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤' };

/** A json-logic condition in words over the form's labels: `Days > 3 and Type = annual`. */
export function conditionInWords(logic: unknown, fields: readonly FormField[], t: Translate): string {
  const operand = (x: unknown): string => {
    if (x && typeof x === 'object' && !Array.isArray(x) && 'var' in x) {
      const path = String((x as { var: unknown }).var);
      const key = path.startsWith('form.') ? path.slice(5) : null;
      const field = key ? fields.find((f) => f.key === key) : undefined;
      return field?.label ?? path;
    }
    if (Array.isArray(x)) return x.map(operand).join(', ');
    if (typeof x === 'object' && x !== null) return conditionInWords(x, fields, t);
    return typeof x === 'string' ? `"${x}"` : String(x);
  };
  if (logic === true) return t('summary.always');
  if (!logic || typeof logic !== 'object' || Array.isArray(logic)) return String(logic);
  const [op, raw] = Object.entries(logic)[0] ?? ['', []];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'and' || op === 'or') return args.map((a) => conditionInWords(a, fields, t)).join(` ${t(`summary.${op}`)} `);
  if (op === '!') return t('summary.not', { what: conditionInWords(args[0], fields, t) });
  if (op === '!!') return t('summary.isSet', { what: operand(args[0]) });
  if (op in OPERATORS) {
    // a chained range { "<": [1, var, 5] }
    if (args.length === 3) return `${operand(args[0])} ${OPERATORS[op]} ${operand(args[1])} ${OPERATORS[op]} ${operand(args[2])}`;
    return `${operand(args[0])} ${OPERATORS[op]} ${operand(args[1])}`;
  }
  if (op === 'in') return t('summary.in', { what: operand(args[0]), list: operand(args[1]) });
  return `${op} ${args.map(operand).join(', ')}`;
}
