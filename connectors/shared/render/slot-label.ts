// How a time slot reads on a button or list row, in the picker's time zone: "Tue 4 Mar, 09:30".
import type { TimeSlot } from '../../../model/content/model';

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Short label for a slot's start (fits WhatsApp rows, Messenger quick replies, LINE labels), in the
 * customer's locale (RenderContext.locale); none given: en-GB. A locale Intl refuses falls back to en-GB.
 */
export function slotLabel(slot: TimeSlot, timeZone: string, locale: string | undefined = 'en-GB'): string {
  return shortFormat(locale ?? 'en-GB', timeZone).format(new Date(slot.start));
}

function shortFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let format = shortFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en-GB', options); // RangeError: a locale Intl does not know
    }
    shortFormats.set(key, format);
  }
  return format;
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
