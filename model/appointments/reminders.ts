// When an appointment's reminders fire. Offsets are seconds before the start. An offset of whole
// days is a calendar offset in the customer's zone: "24 h before" a Monday 10:00 appointment fires
// on Sunday at 10:00 local even when the clocks changed in between (then 23 or 25 real hours
// before); any other offset is elapsed time ("1 h before" is always 60 minutes). Reminders already
// due when the appointment is booked are skipped, and so is any that would fire twice at one instant.
import { localDate, localParts, resolveLocalTime, addDays } from './zoned-time';

export interface ReminderTime {
  offsetSeconds: number;
  at: number;
}

const DAY_SECONDS = 86_400;

export function reminderTime(startAt: number, offsetSeconds: number, timeZone: string): number {
  if (offsetSeconds > 0 && offsetSeconds % DAY_SECONDS === 0) {
    const p = localParts(startAt, timeZone);
    const date = addDays(localDate(startAt, timeZone), -offsetSeconds / DAY_SECONDS);
    return resolveLocalTime(date, p.hour * 60 + p.minute, timeZone).instant + (startAt % 60_000);
  }
  return startAt - offsetSeconds * 1000;
}

/** The reminders still to send, earliest first. */
export function reminderSchedule(startAt: number, offsetsSeconds: number[], timeZone: string, now: number): ReminderTime[] {
  const byAt = new Map<number, ReminderTime>();
  for (const offsetSeconds of offsetsSeconds) {
    if (!(offsetSeconds > 0)) continue;
    const at = reminderTime(startAt, offsetSeconds, timeZone);
    if (at <= now || at >= startAt || byAt.has(at)) continue;
    byAt.set(at, { offsetSeconds, at });
  }
  return [...byAt.values()].sort((a, b) => a.at - b.at);
}
