// Every time and date the console shows goes through here, so all screens agree: Intl.DateTimeFormat
// in the console's language (i18n.ts), a 24-hour clock in Spanish, the locale's own clock in English
// (12 h in en-US, 24 h in en-GB). `timeZone` shows a moment in another zone (a time picker's slots).
import { consoleLang } from '../i18n';

type Moment = string | number | Date;

/** The browser's own tag when it is in the console's language and Intl knows it (en-GB keeps its clock), else the bare language. */
const browserTag = typeof navigator !== 'undefined' ? navigator.language : undefined;
const known = (tag: string) => { try { return Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0; } catch { return false; } };
export const timeLocale: string = browserTag?.toLowerCase().startsWith(consoleLang) && known(browserTag) ? browserTag : consoleLang;

const STYLES = {
  /** "14:02" / "2:02 PM" */
  time: { hour: '2-digit', minute: '2-digit' },
  /** "28 nov" / "Nov 28" */
  day: { day: 'numeric', month: 'short' },
  /** "sáb, 28 nov" / "Sat, Nov 28" */
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  /** "sábado, 28 de noviembre" / "Saturday, November 28" */
  longDay: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "sáb, 28 nov 2026" / "Sat, Nov 28, 2026" */
  calendarDay: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  /** "28 nov, 14:02" / "Nov 28, 2:02 PM" */
  dayTime: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  /** "sáb, 28 nov, 14:02" */
  weekdayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  /** "28 nov 2026, 14:02:05": the exact moment, for tooltips and audit lines. */
  exact: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
export type TimeStyle = keyof typeof STYLES;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(style: TimeStyle, timeZone?: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { ...STYLES[style], ...(timeZone ? { timeZone } : {}) };
    if ('hour' in options && consoleLang === 'es') options.hourCycle = 'h23';
    f = new Intl.DateTimeFormat(timeLocale, options);
    cache.set(key, f);
  }
  return f;
}

const toDate = (v: Moment) => (v instanceof Date ? v : new Date(v));

/** The moment in one of the styles above; '—' for no date or a bad one, the ISO moment for an unknown time zone. */
export function formatMoment(v: Moment | null | undefined, style: TimeStyle, timeZone?: string): string {
  if (v === null || v === undefined) return '—';
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return '—';
  try {
    return formatter(style, timeZone).format(d);
  } catch {
    return typeof v === 'string' ? v : d.toISOString();
  }
}

export const formatTime = (v: Moment | null | undefined) => formatMoment(v, 'time');

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** The time alone when it is today, else the date before it: "14:02", "25 nov 09:05" (`dateStyle`: how the date reads). */
export function formatClock(v: Moment | null | undefined, now: Moment = Date.now(), dateStyle: 'day' | 'weekday' = 'day'): string {
  if (v === null || v === undefined) return '—';
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return '—';
  const time = formatTime(d);
  return sameDay(d, toDate(now)) ? time : `${formatMoment(d, dateStyle)} ${time}`;
}

/** The time when it is today, else only the date: "14:02", "25 nov" (lists where space is short). */
export function formatTimeOrDay(v: Moment, now: Moment = Date.now()): string {
  const d = toDate(v);
  if (Number.isNaN(d.getTime())) return '—';
  return sameDay(d, toDate(now)) ? formatTime(d) : formatMoment(d, 'day');
}

/** The weekday's name, e.g. for Settings → Business hours ('mon' → "lunes" / "Monday"). */
export function weekdayName(day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', width: 'long' | 'short' = 'long'): string {
  const index = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(day);
  // 2024-01-01 was a Monday; noon UTC is that day in every time zone.
  const name = new Intl.DateTimeFormat(timeLocale, { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + index, 12)));
  return name.charAt(0).toLocaleUpperCase(timeLocale) + name.slice(1);
}
