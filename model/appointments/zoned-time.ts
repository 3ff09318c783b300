// Wall-clock time in an IANA zone ↔ instants, with Intl only (runs in workflows and the browser).
// Daylight-saving changes are handled explicitly:
// - a local time that does not exist (skipped when clocks go forward) resolves to the first
//   instant after the gap: the moment the clocks jumped;
// - a local time that happens twice (repeated when clocks go back) resolves to its first occurrence.
// Both are reported, so callers and tests can see which case applied.

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formats.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall-clock reading of `instant` in `timeZone`. */
export function localParts(instant: number, timeZone: string): LocalParts {
  const parts = partsFormat(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
    hour: Number(get('hour')) % 24, minute: Number(get('minute')), weekday: WEEKDAY_INDEX[get('weekday')] ?? 0,
  };
}

/** The zone's offset from UTC in minutes at `instant` (Madrid: +60 in winter, +120 in summer). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const at = Math.floor(instant / 60_000) * 60_000;
  const p = localParts(at, timeZone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at) / 60_000);
}

export type LocalTimeKind = 'exact' | 'nonexistent' | 'ambiguous';

export interface ResolvedLocalTime {
  instant: number;
  kind: LocalTimeKind;
}

/** "YYYY-MM-DD" → [y, m, d]; throws on anything else. */
export function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The instant a wall-clock time on a local date means in `timeZone` (rules above). */
export function resolveLocalTime(date: string, minuteOfDay: number, timeZone: string): ResolvedLocalTime {
  const [y, m, d] = parseDate(date);
  const asUtc = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  // Any change near this date has the offset before it a day earlier and the one after it a day later.
  const candidates = [...new Set([offsetMinutes(asUtc - 86_400_000, timeZone), offsetMinutes(asUtc + 86_400_000, timeZone)])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => instant + offsetMinutes(instant, timeZone) * 60_000 === asUtc)
    .sort((a, b) => a - b);
  if (candidates.length === 1) return { instant: candidates[0], kind: 'exact' };
  if (candidates.length > 1) return { instant: candidates[0], kind: 'ambiguous' };
  return { instant: transitionWithin(asUtc, timeZone), kind: 'nonexistent' };
}

/** The instant the clocks jumped over the nonexistent wall time `asUtc` (binary search to the minute). */
function transitionWithin(asUtc: number, timeZone: string): number {
  const before = offsetMinutes(asUtc - 86_400_000, timeZone);
  const after = offsetMinutes(asUtc + 86_400_000, timeZone);
  // Read with the later offset the wall time is still before the jump; with the earlier one, after it.
  let lo = asUtc - after * 60_000, hi = asUtc - before * 60_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetMinutes(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "YYYY-MM-DD" of `instant` in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The local date `days` after `date` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, for a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parseDate(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
