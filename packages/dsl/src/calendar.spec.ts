import { compile } from './compile';
import { start } from './run';
import { initiator, instance, twoStepApproval } from './testing/definitions';
import { validate } from './validate';
import { addWorkingMinutes, DEFAULT_TENANT_SETTINGS, placeTimers, isWorkingDay, tenantSettingsProblems, workingDeadline, workingMinutes, type WorkingCalendar } from './calendar';

// Mon-Fri 09:00-18:00 in Shanghai; National Day 1-7 October 2026 off, made up on Sunday 27 September and Saturday 10 October
const calendar: WorkingCalendar = {
  days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
};
const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const local = (d: Date | null) => d && new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('a working calendar', () => {
  it.each([
    ['2026-09-25', true, 'a Friday'],
    ['2026-09-26', false, 'a Saturday'],
    ['2026-09-27', true, 'a Sunday made up as a working day (调休)'],
    ['2026-10-01', false, 'a public holiday on a Thursday'],
    ['2026-10-08', true, 'a Thursday after the holidays'],
    ['2026-10-10', true, 'a Saturday made up as a working day'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(calendar, date)).toBe(working);
  });

  it('counts a working day as the calendar\'s working hours', () => {
    expect(workingMinutes(calendar, 'P2D')).toBe(2 * 9 * 60);
    expect(workingMinutes(calendar, 'P1DT2H30M')).toBe(9 * 60 + 150);
    expect(workingMinutes(calendar, 'P1W')).toBeNull();
    expect(workingMinutes(calendar, 'PT0M')).toBeNull();
  });

  it('adds working time inside one day, across an evening and across a weekend', () => {
    expect(local(addWorkingMinutes(calendar, TZ, at('2026-09-21T10:00'), 120))).toBe('2026-09-21 12:00');
    expect(local(addWorkingMinutes(calendar, TZ, at('2026-09-21T17:00'), 120))).toBe('2026-09-22 10:00');
    expect(local(addWorkingMinutes(calendar, TZ, at('2026-09-18T20:00'), 60))).toBe('2026-09-21 10:00');
    expect(local(addWorkingMinutes(calendar, TZ, at('2026-09-19T11:00'), 9 * 60))).toBe('2026-09-21 18:00');
  });

  it('P2D in working time skips the holidays and works on the make-up days', () => {
    // submitted Friday 25 September 15:00: 3 h Friday, 9 h Sunday 27 (made up), 6 h Monday 28
    expect(local(workingDeadline(calendar, TZ, at('2026-09-25T15:00'), 'P2D')!.due)).toBe('2026-09-28 15:00');
    // submitted Wednesday 30 September 09:00: 9 h that day, then the holidays until Thursday 8 October
    expect(local(workingDeadline(calendar, TZ, at('2026-09-30T09:00'), 'P2D')!.due)).toBe('2026-10-08 18:00');
    // 3 October (Saturday) and 4 (Sunday) are weekend days: the next working day is the 8th, then the 10th (made up)
    expect(local(workingDeadline(calendar, TZ, at('2026-10-03T12:00'), 'P2D')!.due)).toBe('2026-10-09 18:00');
  });

  it('warns when 80 % of the working time has passed', () => {
    const deadline = workingDeadline(calendar, TZ, at('2026-09-21T09:00'), 'P1D')!;
    expect(local(deadline.due)).toBe('2026-09-21 18:00');
    expect(local(deadline.warn)).toBe('2026-09-21 16:12');
    expect(local(workingDeadline(calendar, TZ, at('2026-09-21T09:00'), 'P1D', 0.5)!.warn)).toBe('2026-09-21 13:30');
  });

  it('gives up on a calendar without working time ahead', () => {
    expect(addWorkingMinutes({ ...calendar, days: [], workdays: [] }, TZ, at('2026-09-21T09:00'), 60)).toBeNull();
  });

  it('counts in a time zone with daylight saving time', () => {
    const berlin = { ...calendar, holidays: [], workdays: [] };
    // Friday 23 October 2026 17:00 CEST + 2 h: Monday 26 October 10:00 CET (the clocks went back on Sunday)
    expect(addWorkingMinutes(berlin, 'Europe/Berlin', new Date('2026-10-23T15:00:00Z'), 120)!.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('tenant settings', () => {
  it('accepts the defaults', () => {
    expect(tenantSettingsProblems(DEFAULT_TENANT_SETTINGS)).toEqual([]);
  });

  it('names each problem by its pointer', () => {
    const bad = { ...DEFAULT_TENANT_SETTINGS, timeZone: 'Mars/Olympus', calendar: { ...DEFAULT_TENANT_SETTINGS.calendar, from: '18:00', to: '09:00', holidays: ['2026-02-30', '2026-10-01'], workdays: ['2026-10-01'] } };
    expect(tenantSettingsProblems(bad, '/body')).toEqual([
      { pointer: '/body/timeZone', message: 'unknown time zone "Mars/Olympus"' },
      { pointer: '/body/calendar/to', message: 'must be later than from' },
      { pointer: '/body/calendar/holidays/0', message: '"2026-02-30" is not a date' },
      { pointer: '/body/calendar/workdays/0', message: '2026-10-01 is also a holiday' },
    ]);
    expect(tenantSettingsProblems({ ...DEFAULT_TENANT_SETTINGS, locale: 'fr' }).map((p) => p.pointer)).toEqual(['/locale']);
  });
});

describe('deadlines in working time', () => {
  const def = twoStepApproval();
  def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { decideAfter: 'P2D', decision: 'approve', workingTime: true, warnAt: 0.8 } };

  it('schedules the decision and a warning at 80 %, each with its working duration', () => {
    const first = start(compile(def), { form: { days: 1 }, initiator, instance });
    expect(first.effects.filter((e) => e.type === 'scheduleTimer')).toEqual([
      { type: 'scheduleTimer', node: 'manager', token: 1, name: 'decide', delayMs: 2 * 86_400_000, working: { duration: 'P2D' } },
      { type: 'scheduleTimer', node: 'manager', token: 1, name: 'warn', delayMs: Math.round(2 * 86_400_000 * 0.8), working: { duration: 'P2D', share: 0.8 } },
    ]);
  });

  it('places them on the tenant\'s calendar: over the holidays, on the make-up day', () => {
    const now = at('2026-09-30T09:00');
    const placed = placeTimers([
      { type: 'scheduleTimer', delayMs: 1, working: { duration: 'P2D' } },
      { type: 'scheduleTimer', delayMs: 1, working: { duration: 'P2D', share: 0.8 } },
      { type: 'scheduleTimer', delayMs: 5 },
      { type: 'createTasks' },
    ], { calendar, timeZone: TZ }, now);
    expect(placed.map((e) => e.delayMs !== undefined && local(new Date(now.getTime() + e.delayMs)))).toEqual(['2026-10-08 18:00', '2026-10-08 14:24', '2026-09-30 09:00', false]);
  });

  it('refuses durations that cannot be counted in working time, and a warning of nothing', () => {
    const bad = twoStepApproval();
    bad.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'P1W', workingTime: true, warnAt: 0.8 } };
    expect(validate(bad)).toEqual([
      { pointer: '/nodes/1/config/deadlines/remindAfter', message: '"P1W" cannot be counted in working time; use days, hours and minutes (P2D, PT4H)' },
      { pointer: '/nodes/1/config/deadlines/warnAt', message: 'a warning needs decideAfter or escalateAfter to warn of' },
    ]);
  });
});
