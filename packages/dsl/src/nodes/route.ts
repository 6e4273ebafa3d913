import { Type, type Static } from '@sinclair/typebox';
import { checkRule } from '../expressions';
import { isTimeZone } from '../routing';
import { array, defineNode, duration, enumOf, optional, schema, string, unknown, type ConfigProblem } from './sdk';
import { WORDS } from '../words';

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM', 'x-message': WORDS.clock });
const Name = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' });

export const RouteTargetSchema = schema({
  type: enumOf(['user', 'team', 'department', 'role'] as const, { description: 'role: the holders of a business role (by its code)' }),
  value: Name,
  department: optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'role: the holders of a role scoped by department for this department (the nearest up its tree)' })),
});
export const WorkingHoursSchema = schema({
  timezone: string({ minLength: 1, description: 'IANA time zone, e.g. Europe/Berlin' }),
  days: array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, description: '1 = Monday ... 7 = Sunday' }),
  from: Clock,
  to: Clock,
});

const routeConfig = schema({
  rules: array(schema({
    id: Name,
    when: unknown({ description: 'json-logic over { item, customer }: source, type, region, tags, attributes' }),
    target: RouteTargetSchema,
    strategy: enumOf(['round-robin', 'least-open', 'skill', 'sticky-owner'] as const, { default: 'round-robin' }),
    skills: optional(array(string({ minLength: 1 }), { description: 'skill: every one of these is needed' })),
  }), { minItems: 1, description: 'tried in order; the first that matches and has someone available decides' }),
  fallback: RouteTargetSchema,
  teams: optional(Type.Record(Name, array(Name, { minItems: 1 }), { description: 'team name → user ids' })),
  skills: optional(Type.Record(Name, array(string({ minLength: 1 })), { description: 'user id → skills' })),
  workingHours: optional(WorkingHoursSchema),
  firstResponseTarget: optional(duration({ description: 'the assignee should first respond to a routed item within this, e.g. PT2H (dashboards count met and missed)' })),
});

export type RouteConfig = Static<typeof routeConfig>;
export type RouteTarget = Static<typeof RouteTargetSchema>;
export type WorkingHours = Static<typeof WorkingHoursSchema>;

/** The rules of a routing definition; run by the engine's routing service, not by a worker. */
export const route = defineNode({
  type: 'route',
  title: 'Routing rules',
  category: 'routing',
  icon: 'signpost',
  description: 'Sends each inquiry to a person by ordered rules (json-logic over the item) and a strategy.',
  config: routeConfig,
  check: (config) => {
    const problems: ConfigProblem[] = [];
    const ids = new Set<string>();
    const teams = config.teams ?? {};
    const checkTarget = (t: RouteTarget, at: string) => {
      if (t.type === 'team' && !teams[t.value]) problems.push({ pointer: `${at}/value`, message: `unknown team "${t.value}"; declare it under teams` });
      if (t.department !== undefined && t.type !== 'role') problems.push({ pointer: `${at}/department`, message: 'only a role target is scoped by a department' });
    };
    config.rules.forEach((rule, i) => {
      const at = `/rules/${i}`;
      if (ids.has(rule.id)) problems.push({ pointer: `${at}/id`, message: `duplicate rule id "${rule.id}"` });
      ids.add(rule.id);
      if (rule.when === undefined) problems.push({ pointer: `${at}/when`, message: 'is required' });
      else for (const p of checkRule(rule.when, ['item', 'customer']).problems) problems.push({ pointer: `${at}/when${p.pointer}`, message: p.message });
      checkTarget(rule.target, `${at}/target`);
      if (rule.strategy === 'skill' && !(rule.skills?.length)) problems.push({ pointer: `${at}/skills`, message: 'the skill strategy needs at least one skill' });
    });
    checkTarget(config.fallback, '/fallback');
    if (config.workingHours) {
      if (!isTimeZone(config.workingHours.timezone)) problems.push({ pointer: '/workingHours/timezone', message: `unknown time zone "${config.workingHours.timezone}"` });
      if (config.workingHours.from >= config.workingHours.to) problems.push({ pointer: '/workingHours/to', message: 'must be later than from' });
    }
    return problems;
  },
  behaviour: 'runtime',
  runtime: 'routing',
});
