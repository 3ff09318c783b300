// The supervisor view's waiting times, countdowns and clock times (its Spanish words: test/unit/i18n.test.ts).
import { describe, expect, it } from 'vitest';
import { countdownText, sinceText, waitText } from '../../editor/src/supervisor/format';
import { formatMoment, formatTime } from '../../editor/src/ui/time-format';

describe('supervisor view formatting', () => {
  it('says waiting times as a supervisor reads them', () => {
    expect(waitText(null)).toBe('—');
    expect(waitText(42_500)).toBe('42 s');
    expect(waitText(4 * 60_000 + 59_000)).toBe('4 min');
    expect(waitText(72 * 60_000)).toBe('1 h 12 min');
    expect(waitText(2 * 3_600_000)).toBe('2 h');
  });

  it('counts an offer down in minutes and seconds, never below zero', () => {
    expect(countdownText(119_001)).toBe('2:00');
    expect(countdownText(42_000)).toBe('0:42');
    expect(countdownText(-5)).toBe('0:00');
  });

  it('gives the time of day for today and adds the date otherwise', () => {
    const now = new Date(2026, 10, 27, 16, 0);
    const today = new Date(2026, 10, 27, 14, 2);
    const before = new Date(2026, 10, 25, 9, 5);
    // The console's one clock format (24 h in Spanish, the locale's own in English: see time-format.test.ts).
    expect(sinceText(today.toISOString(), now)).toBe(formatTime(today));
    expect(sinceText(before.toISOString(), now)).toBe(`${formatMoment(before, 'day')} ${formatTime(before)}`);
    expect(sinceText(before.toISOString(), now)).toMatch(/25.*09:05/);
    expect(sinceText('not a date', now)).toBe('—');
  });
});
