// A campaign's sending window: on which weekdays and between which local times (in an IANA time
// zone, by default the account's calendar zone) messages may go. Pure: the campaign workflow uses
// it to sleep until the window opens, the send activity to stop when it closes.
import { localTime, parseInterval, WEEKDAYS, type Weekday } from '../../model/rules/business-hours';

export interface SendingWindow {
  timeZone: string;
  days: Weekday[];
  /** HH:MM, local. */
  from: string;
  /** HH:MM, local, after `from` (24:00 allowed). */
  to: string;
}

const range = (w: SendingWindow) => parseInterval(`${w.from}-${w.to}`);

/** Whether a message may go at `atMs`. No window: always. */
export function isInsideWindow(window: SendingWindow | null | undefined, atMs: number): boolean {
  if (!window) return true;
  const r = range(window);
  if (!r) return false;
  const t = localTime(window.timeZone, atMs);
  return window.days.includes(t.weekday) && t.minutes >= r[0] && t.minutes < r[1];
}

const MINUTE = 60_000;

/**
 * The first moment at or after `atMs` inside the window (minute precision), or null when the window
 * can never open (no days). Jumps to the window's start or the next local midnight and re-checks, so
 * a DST change (a local hour skipped or repeated) only costs another step.
 */
export function nextWindowOpening(window: SendingWindow | null | undefined, atMs: number): number | null {
  if (!window) return atMs;
  const r = range(window);
  if (!r || window.days.length === 0) return null;
  let t = atMs;
  for (let step = 0; step < 64; step++) {
    if (isInsideWindow(window, t)) return t;
    const local = localTime(window.timeZone, t);
    const today = window.days.includes(local.weekday);
    const jump = today && local.minutes < r[0] ? r[0] - local.minutes : 24 * 60 - local.minutes;
    // To the start of that local minute, then `jump` minutes on.
    t = Math.floor(t / MINUTE) * MINUTE + Math.max(1, jump) * MINUTE;
  }
  return null;
}

/** Field problems of a window as the API receives it. */
export function windowIssues(window: { timeZone?: unknown; days?: unknown; from?: unknown; to?: unknown }, path = 'sendingWindow') {
  const issues: { path: string; message: string }[] = [];
  try { new Intl.DateTimeFormat('en-US', { timeZone: String(window.timeZone) }); } catch {
    issues.push({ path: `${path}.timeZone`, message: `Unknown time zone ${JSON.stringify(window.timeZone)}: use an IANA name such as Europe/Madrid` });
  }
  if (!Array.isArray(window.days) || window.days.length === 0 || window.days.some((d) => !WEEKDAYS.includes(d))) {
    issues.push({ path: `${path}.days`, message: `days must list weekdays: ${WEEKDAYS.join(', ')}` });
  }
  const r = parseInterval(`${String(window.from)}-${String(window.to)}`);
  if (!r) issues.push({ path: `${path}.from`, message: 'from and to must be HH:MM (to may be 24:00)' });
  else if (r[0] >= r[1]) issues.push({ path: `${path}.to`, message: `the window must end after it starts (${String(window.from)}-${String(window.to)}); split a window past midnight over two campaigns` });
  return issues;
}
