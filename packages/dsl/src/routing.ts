import type { Definition } from './definition';
import { parseDuration } from './duration';
import { compileRule, truthy, type CompiledRule } from './expressions';
import type { RouteConfig, RouteTarget, WorkingHours } from './nodes/route';

/**
 * Routing definitions compiled once per published version: the ordered rules
 * become functions over { item, customer }, evaluated in order. Picking the
 * person among a rule's candidates needs counters and open items, which are
 * the engine's; this module says which rules matched and who is eligible.
 */
export const ROUTING_ROOTS = ['item', 'customer'] as const;

export interface CompiledRouteRule {
  id: string;
  test: CompiledRule;
  target: RouteTarget;
  strategy: RouteConfig['rules'][number]['strategy'];
  skills: string[];
}

export interface CompiledRouter {
  rules: CompiledRouteRule[];
  fallback: RouteTarget;
  teams: Record<string, string[]>;
  skills: Record<string, string[]>;
  workingHours?: WorkingHours;
  /** the route's firstResponseTarget in milliseconds, null when it has none */
  firstResponseTargetMs: number | null;
}

export function routeConfigOf(definition: Definition): RouteConfig {
  const node = definition.nodes.find((n) => n.type === 'route');
  if (!node) throw new Error(`definition "${definition.id}" has no route node`);
  return node.config as unknown as RouteConfig;
}

export function compileRouting(definition: Definition): CompiledRouter {
  const config = routeConfigOf(definition);
  return {
    rules: config.rules.map((r) => ({ id: r.id, test: compileRule(r.when, ROUTING_ROOTS), target: r.target, strategy: r.strategy, skills: r.skills ?? [] })),
    fallback: config.fallback,
    teams: config.teams ?? {},
    skills: config.skills ?? {},
    ...(config.workingHours ? { workingHours: config.workingHours } : {}),
    firstResponseTargetMs: config.firstResponseTarget ? parseDuration(config.firstResponseTarget) : null,
  };
}

/** The rules in order, each with whether it matched the item. */
export function evaluateRules(router: CompiledRouter, data: { item: unknown; customer: unknown }): Array<{ rule: CompiledRouteRule; matched: boolean }> {
  return router.rules.map((rule) => {
    let matched = false;
    try {
      matched = truthy(rule.test(data as never));
    } catch {
      matched = false;
    }
    return { rule, matched };
  });
}

const DAY_NAMES: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether `at` falls inside the working hours (days 1 = Monday ... 7 = Sunday, in the hours' time zone). */
export function inWorkingHours(hours: WorkingHours, at: Date): boolean {
  const { day, minutes } = localTime(hours.timezone, at);
  if (!hours.days.includes(day)) return false;
  return minutesOf(hours.from) <= minutes && minutes < minutesOf(hours.to);
}

/** Whether `at` is inside quiet hours, which may wrap midnight (22:00-08:00). */
export function inQuietHours(hours: { timezone: string; from: string; to: string }, at: Date): boolean {
  const { minutes } = localTime(hours.timezone, at);
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  return from <= to ? from <= minutes && minutes < to : minutes >= from || minutes < to;
}

/** Milliseconds from `at` until quiet hours end (0 when not inside them). */
export function untilQuietHoursEnd(hours: { timezone: string; from: string; to: string }, at: Date): number {
  if (!inQuietHours(hours, at)) return 0;
  const { minutes, seconds } = localTime(hours.timezone, at);
  const to = minutesOf(hours.to);
  const diff = (to - minutes + 24 * 60) % (24 * 60);
  return Math.max(1, diff * 60_000 - seconds * 1000);
}

function localTime(timezone: string, at: Date): { day: number; minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return { day: DAY_NAMES[get('weekday')] ?? 1, minutes: Number(get('hour')) * 60 + Number(get('minute')), seconds: Number(get('second')) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
