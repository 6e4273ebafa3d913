/**
 * ISO 8601 durations (PT4H, P2D, P1W, P1DT2H30M). Years and months have no
 * fixed length without a calendar, so they are refused until business
 * calendars arrive.
 */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

/** Milliseconds of a duration, or null when it is not one we accept. */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, m, s] = match;
  const ms = Number(w ?? 0) * MS.week + Number(d ?? 0) * MS.day + Number(h ?? 0) * MS.hour
    + Number(m ?? 0) * MS.minute + Math.round(Number(s ?? 0) * MS.second);
  return ms > 0 ? ms : null;
}

export const DURATION_HINT = 'must be an ISO 8601 duration such as PT4H, P2D or P1DT12H';
