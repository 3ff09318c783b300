// How a time slot reads on a button or list row, in the picker's time zone: "Tue 4 Mar, 09:30".
import type { TimeSlot } from '../../../model/content/model';

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/** Short label for a slot's start (fits WhatsApp rows, Messenger quick replies, LINE labels). */
export function slotLabel(slot: TimeSlot, timeZone: string, locale = 'en-GB'): string {
  const key = `${locale}|${timeZone}`;
  let format = shortFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    shortFormats.set(key, format);
  }
  return format.format(new Date(slot.start));
}

/** "45 min" / "1 h 30 min": the slot's length, for descriptions. */
export function durationLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The zone's offset from UTC in minutes at `instant` (e.g. +60 for Madrid in winter). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}
