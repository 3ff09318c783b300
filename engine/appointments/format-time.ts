// How an appointment's time reads to people: "Mon 30 Mar 2026, 10:00–10:30 (Europe/Madrid)".
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** "Mon 30 Mar 2026, 10:00" (ICU's thin spaces made plain, so SMS stays GSM-7). */
export function formatStart(start: number, timeZone: string): string {
  return format(timeZone, true).format(new Date(start)).replace(/[\u2009\u202f\u00a0]/g, ' ');
}

export function formatRange(start: number, end: number, timeZone: string): string {
  return `${formatStart(start, timeZone)}–${format(timeZone, false).format(new Date(end))} (${timeZone})`;
}

/** "10:30" in the zone: how a customer may type a time back. */
export function formatClock(at: number, timeZone: string): string {
  return format(timeZone, false).format(new Date(at));
}
