// An agent's availability as people say it: weekly working hours in their own time zone, dates
// that differ (extra hours, or closed), and time off. Plain data, shared by the engine, the
// slot computation and the console.

/** A working window on one local date, "HH:MM"–"HH:MM" (end after start; "24:00" ends the day). */
export interface HoursRange {
  start: string;
  end: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working windows per weekday; a missing or empty day is not worked. */
export type WeeklyHours = Partial<Record<Weekday, HoursRange[]>>;

/** A date (YYYY-MM-DD, the agent's zone) whose hours replace the weekly ones: [] means closed. */
export interface DayException {
  date: string;
  hours: HoursRange[];
}

/** Time off: an interval of instants (ms since epoch), end exclusive. */
export interface TimeOff {
  from: number;
  to: number;
  reason?: string;
}

export interface AgentAvailability {
  agentId: string;
  /** IANA zone the weekly hours and exceptions are read in, e.g. Europe/Madrid. */
  timeZone: string;
  weekly: WeeklyHours;
  exceptions: DayException[];
  timeOff: TimeOff[];
}

/** "HH:MM" → minutes after midnight, or null when it is not a time of day ("24:00" allowed). */
export function minutesOfDay(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** Problems with a list of windows: malformed times, end not after start, overlaps. */
export function hoursIssues(ranges: HoursRange[]): string[] {
  const issues: string[] = [];
  const parsed: [number, number][] = [];
  for (const r of ranges) {
    const s = minutesOfDay(r.start), e = minutesOfDay(r.end);
    if (s === null || e === null) issues.push(`${r.start}–${r.end}: times are HH:MM (00:00–24:00)`);
    else if (e <= s) issues.push(`${r.start}–${r.end}: the end must be after the start`);
    else parsed.push([s, e]);
  }
  parsed.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i][0] < parsed[i - 1][1]) issues.push('windows overlap');
  }
  return issues;
}
