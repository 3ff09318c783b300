// The console's one clock (editor/src/ui/time-format.ts): 24 h in Spanish, the locale's own in
// English (12 h in en-US, 24 h in en-GB), dates in the console's language, other time zones honoured.
// The language is read from navigator.language when the module loads, so each case loads it afresh.
import { afterEach, describe, expect, it, vi } from 'vitest';

async function loadAs(language: string) {
  vi.resetModules();
  vi.stubGlobal('navigator', { language });
  const i18n = await import('../../editor/src/i18n');
  const time = await import('../../editor/src/ui/time-format');
  return { ...i18n, ...time };
}

const afternoon = new Date(2026, 10, 27, 14, 2);
const morning = new Date(2026, 10, 25, 9, 5);

describe('console time format', () => {
  afterEach(() => { vi.unstubAllGlobals(); vi.resetModules(); });

  it('uses a 24-hour clock and Spanish dates in Spanish, whatever the region', async () => {
    for (const language of ['es-ES', 'es-MX', 'es-US']) {
      const f = await loadAs(language);
      expect(f.consoleLang).toBe('es');
      expect(f.formatTime(afternoon), language).toBe('14:02');
      expect(f.formatClock(morning, afternoon), language).toMatch(/^25 nov\.? 09:05$/);
      expect(f.weekdayName('mon')).toBe('Lunes');
    }
  });

  it("keeps the English locale's own clock", async () => {
    const us = await loadAs('en-US');
    expect(us.formatTime(afternoon)).toBe('02:02 PM');
    expect(us.formatClock(morning, afternoon)).toBe('Nov 25 09:05 AM');
    // A tag Intl refuses (some headless browsers report the system's "en-US@posix"): the bare language.
    const posix = await loadAs('en-US@posix');
    expect(posix.timeLocale).toBe('en');
    expect(posix.formatTime(afternoon)).toBe('02:02 PM');
    const gb = await loadAs('en-GB');
    expect(gb.formatTime(afternoon)).toBe('14:02');
    expect(gb.weekdayName('sun', 'short')).toBe('Sun');
  });

  it('falls back to English for other browser languages, and shows a moment in a given time zone', async () => {
    const f = await loadAs('fr-FR');
    expect(f.consoleLang).toBe('en');
    expect(f.timeLocale).toBe('en');
    expect(f.formatMoment('2026-11-27T14:30:00Z', 'time', 'Asia/Tokyo')).toBe('11:30 PM');
    expect(f.formatMoment('not a date', 'time')).toBe('—');
    expect(f.formatMoment('2026-11-27T14:30:00Z', 'time', 'Not/AZone')).toBe('2026-11-27T14:30:00Z');
  });

  it('translates the console: the same key reads in the browser language', async () => {
    expect((await loadAs('es-AR')).t('routing.queuesTitle')).toBe('Enrutamiento: colas');
    expect((await loadAs('en-US')).t('routing.queuesTitle')).toBe('Routing: queues');
  });
});
