// How an appointment's time reads to people: "Mon 30 Mar 2026, 10:00–10:30 (Europe/Madrid)".
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withDate: boolean, locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}|${locale}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/**
 * "Mon 30 Mar 2026, 10:00" (ICU's thin spaces made plain, so SMS stays GSM-7); in the customer's
 * locale when given ("mar, 30 mar 2026, 10:00" for es), en-GB otherwise.
 */
export function formatStart(start: number, timeZone: string, locale?: string): string {
  return format(timeZone, true, safeLocale(locale)).format(new Date(start)).replace(/[\u2009\u202f\u00a0]/g, ' ');
}

export function formatRange(start: number, end: number, timeZone: string, locale?: string): string {
  return `${formatStart(start, timeZone, locale)}–${format(timeZone, false, safeLocale(locale)).format(new Date(end))} (${timeZone})`;
}

/** A locale Intl knows, else en-GB: a customer's odd language tag must not break a confirmation. */
function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en-GB';
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-GB';
  } catch {
    return 'en-GB';
  }
}

/** "10:30" in the zone: how a customer may type a time back. */
export function formatClock(at: number, timeZone: string): string {
  return format(timeZone, false).format(new Date(at));
}
