import { Type, type Static } from '@sinclair/typebox';
import { problemsFromAjv, validatorFor } from './ajv';
import type { Problem } from './definition';
import { isTimeZone } from './routing';

/**
 * A tenant's settings and its working calendar: working days and hours,
 * public holidays and the make-up working days (调休) that move a weekend
 * day into the week. Deadlines "in working time" count only working
 * minutes of this calendar. Pure: dates are computed with Intl in the
 * tenant's time zone.
 */

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const WorkingCalendarSchema = Type.Object({
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, uniqueItems: true, description: '1 = Monday ... 7 = Sunday' }),
  from: Clock,
  to: Clock,
  holidays: Type.Array(Day, { uniqueItems: true, description: 'public holidays: no work on these dates' }),
  workdays: Type.Array(Day, { uniqueItems: true, description: 'make-up working days (调休): work on these dates even when the weekday is off' }),
}, { additionalProperties: false });

export const TENANT_LOCALES = ['en', 'zh-CN'] as const;

export const TenantSettingsSchema = Type.Object({
  timeZone: Type.String({ minLength: 1, description: 'IANA time zone, e.g. Asia/Shanghai' }),
  locale: Type.Union(TENANT_LOCALES.map((l) => Type.Literal(l)), { description: 'the language people see first' }),
  brandingName: Type.String({ minLength: 1, maxLength: 100, description: 'the organisation\'s name as the sign-in page and the apps show it' }),
  calendar: WorkingCalendarSchema,
}, { additionalProperties: false });

export type WorkingCalendar = Static<typeof WorkingCalendarSchema>;
export type TenantSettings = Static<typeof TenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  timeZone: 'UTC', locale: 'en', brandingName: 'Baton',
  calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: [], workdays: [] },
};

/** Every problem of tenant settings, each with a pointer under `base`. */
export function tenantSettingsProblems(settings: unknown, base = ''): Problem[] {
  const check = validatorFor(TenantSettingsSchema);
  if (!check(settings)) return problemsFromAjv(check.errors).map((p) => ({ ...p, pointer: `${base}${p.pointer}` }));
  const s = settings as TenantSettings;
  const problems: Problem[] = [];
  if (!isTimeZone(s.timeZone)) problems.push({ pointer: `${base}/timeZone`, message: `unknown time zone "${s.timeZone}"` });
  problems.push(...calendarProblems(s.calendar, `${base}/calendar`));
  return problems;
}

export function calendarProblems(calendar: WorkingCalendar, base: string): Problem[] {
  const problems: Problem[] = [];
  if (minutesOf(calendar.from) >= minutesOf(calendar.to)) problems.push({ pointer: `${base}/to`, message: 'must be later than from' });
  for (const key of ['holidays', 'workdays'] as const) {
    calendar[key].forEach((d, i) => {
      if (!isDate(d)) problems.push({ pointer: `${base}/${key}/${i}`, message: `"${d}" is not a date` });
    });
  }
  calendar.workdays.forEach((d, i) => {
    if (calendar.holidays.includes(d)) problems.push({ pointer: `${base}/workdays/${i}`, message: `${d} is also a holiday` });
  });
  return problems;
}

/** Whether people work on a date (YYYY-MM-DD): a make-up working day always; a holiday never; else by weekday. */
export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return calendar.days.includes(weekdayOf(date));
}

const WORKING = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Whether a duration can be counted in working time: days, hours and minutes (P2D, PT4H, P1DT2H). */
export function isWorkingDuration(text: string): boolean {
  return WORKING.test(text) && text !== 'P' && !text.endsWith('T') && /[1-9]/.test(text);
}

/** Working minutes of a duration in working time: a day is one working day of the calendar (P2D, PT4H, P1DT2H). */
export function workingMinutes(calendar: WorkingCalendar, duration: string): number | null {
  const match = WORKING.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return null;
  const [, d, h, m] = match;
  const minutes = Number(d ?? 0) * dayLength(calendar) + Number(h ?? 0) * 60 + Number(m ?? 0);
  return minutes > 0 ? minutes : null;
}

/**
 * The moment `minutes` of working time after `start`, in the calendar's
 * working hours and days, in `timeZone`. Gives up (null) after ten years
 * without enough working time (a calendar with no working day left).
 */
export function addWorkingMinutes(calendar: WorkingCalendar, timeZone: string, start: Date, minutes: number): Date | null {
  let remaining = minutes;
  let { date, minute } = localOf(start, timeZone);
  const from = minutesOf(calendar.from);
  const to = minutesOf(calendar.to);
  for (let day = 0; day < 3660; day++) {
    if (isWorkingDay(calendar, date)) {
      const begin = Math.max(minute, from);
      if (begin < to) {
        if (remaining <= to - begin) return instantOf(date, begin + remaining, timeZone);
        remaining -= to - begin;
      }
    }
    date = nextDate(date);
    minute = 0;
  }
  return null;
}

/**
 * A deadline in working time and its warning: `due` after the whole
 * duration, `warn` after `warnAt` of it (0.8: when 80 % of the working time
 * has passed). Null for a duration that is not a working duration.
 */
export function workingDeadline(calendar: WorkingCalendar, timeZone: string, start: Date, duration: string, warnAt = 0.8): { due: Date; warn: Date } | null {
  const minutes = workingMinutes(calendar, duration);
  if (minutes === null) return null;
  const due = addWorkingMinutes(calendar, timeZone, start, minutes);
  const warn = addWorkingMinutes(calendar, timeZone, start, minutes * warnAt);
  return due && warn ? { due, warn } : null;
}

function dayLength(calendar: WorkingCalendar): number {
  return minutesOf(calendar.to) - minutesOf(calendar.from);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function isDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() || 7;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

/** The local date and minute of the day (with fractions of a minute) of an instant in a time zone. */
function localOf(at: Date, timeZone: string): { date: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')) + (Number(get('second')) + at.getUTCMilliseconds() / 1000) / 60,
  };
}

/** The instant of a local date and minute in a time zone (the zone's offset found from a first guess, then checked once for a DST change). */
function instantOf(date: string, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!) + Math.round(minute * 60_000);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const local = localOf(new Date(guess), timeZone);
    const [ly, lm, ld] = local.date.split('-').map(Number);
    const seen = Date.UTC(ly!, lm! - 1, ld!) + Math.round(local.minute * 60_000);
    guess += wall - seen;
  }
  return new Date(guess);
}

/** A timer to be counted in working time: the duration, and the share of it after which it fires (a warning at 0.8). */
export interface WorkingTimer {
  duration: string;
  share?: number;
}

/**
 * Effects with their working-time timers placed on the tenant's calendar:
 * each scheduleTimer that counts working time gets the delay from `now`
 * to the moment its working time has passed. Other effects are unchanged.
 */
export function placeTimers<E extends { type: string; delayMs?: number; working?: WorkingTimer }>(effects: E[], settings: Pick<TenantSettings, 'calendar' | 'timeZone'>, now: Date): E[] {
  return effects.map((effect) => {
    if (effect.type !== 'scheduleTimer' || !effect.working) return effect;
    const deadline = workingDeadline(settings.calendar, settings.timeZone, now, effect.working.duration, effect.working.share ?? 1);
    return deadline ? { ...effect, delayMs: Math.max(0, (effect.working.share === undefined ? deadline.due : deadline.warn).getTime() - now.getTime()) } : effect;
  });
}
