// Inside or outside the account's business hours: the weekday and the wall-clock time in the
// calendar's IANA time zone, read with Intl.DateTimeFormat (available in Temporal's workflow
// sandbox and in browsers, unlike a time-zone library), then checked against the weekly intervals
// and the holidays.
import type { FieldIssue } from '../field-issue';
import type { BusinessHours } from './event';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHORT_DAY: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

// One formatter per time zone: building one costs far more than using it, and the set of zones is
// bounded (invalid names throw and are never stored), so this cache cannot grow without limit.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  weekday: Weekday;
  /** `YYYY-MM-DD` in the calendar's zone. */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

/** The weekday, date and time of day at `atMs` in an IANA time zone. */
export function localTime(timeZone: string, atMs: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(atMs)) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return { weekday: SHORT_DAY[parts.weekday], date: `${parts.year}-${parts.month}-${parts.day}`, minutes: hour * 60 + Number(parts.minute) };
}

/** `09:00-17:30` → [540, 1050]; null when malformed. `24:00` may end a day. */
export function parseInterval(text: string): [number, number] | null {
  const m = INTERVAL.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = m[5] ? 24 * 60 : Number(m[3]) * 60 + Number(m[4]);
  return [start, end];
}

/** Whether the time is inside business hours. No calendar configured means always open. */
export function isWithinBusinessHours(calendar: BusinessHours | null | undefined, atMs: number): boolean {
  if (!calendar) return true;
  let t: LocalTime;
  try { t = localTime(calendar.timeZone, atMs); } catch { return false; }
  if (calendar.holidays?.includes(t.date)) return false;
  for (const interval of calendar.weekly?.[t.weekday] ?? []) {
    const range = parseInterval(interval);
    if (range && t.minutes >= range[0] && t.minutes < range[1]) return true;
  }
  return false;
}

export function isValidTimeZone(timeZone: string): boolean {
  try { formatterFor(timeZone); return true; } catch { return false; }
}

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Problems in a calendar, each with the path of the offending entry (`weekly.mon.0`, `holidays.2`). */
export function validateBusinessHours(calendar: BusinessHours): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof calendar?.timeZone !== 'string' || !isValidTimeZone(calendar.timeZone)) {
    issues.push({ path: 'timeZone', message: `Unknown time zone ${JSON.stringify(calendar?.timeZone)}: use an IANA name such as Europe/Madrid` });
  }
  for (const [day, intervals] of Object.entries(calendar?.weekly ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      issues.push({ path: `weekly.${day}`, message: `"${day}" is not a weekday: use ${WEEKDAYS.join(', ')}` });
      continue;
    }
    const ranges: [number, number, number][] = [];
    (intervals ?? []).forEach((text, i) => {
      const range = typeof text === 'string' ? parseInterval(text) : null;
      if (!range) issues.push({ path: `weekly.${day}.${i}`, message: `"${text}" is not an interval: write HH:MM-HH:MM, e.g. 09:00-17:30` });
      else if (range[0] >= range[1]) issues.push({ path: `weekly.${day}.${i}`, message: `"${text}" ends before it starts: split hours past midnight over two days (e.g. 22:00-24:00 and 00:00-02:00 the next day)` });
      else ranges.push([range[0], range[1], i]);
    });
    ranges.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < ranges.length; k++) {
      if (ranges[k][0] < ranges[k - 1][1]) {
        issues.push({ path: `weekly.${day}.${ranges[k][2]}`, message: `"${intervals[ranges[k][2]]}" overlaps "${intervals[ranges[k - 1][2]]}" on ${day}` });
      }
    }
  }
  (calendar?.holidays ?? []).forEach((date, i) => {
    if (typeof date !== 'string' || !isRealDate(date)) issues.push({ path: `holidays.${i}`, message: `"${date}" is not a date: write YYYY-MM-DD, e.g. 2026-12-25` });
  });
  return issues;
}
