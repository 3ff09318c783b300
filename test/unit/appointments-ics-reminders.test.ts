// The .ics invite (RFC 5545 by hand) and reminder fire times across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { buildIcs, foldLine, icsText } from '../../model/appointments/ics';
import { reminderSchedule, reminderTime } from '../../model/appointments/reminders';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const octets = (s: string) => new TextEncoder().encode(s).length;

describe('.ics invite', () => {
  const ics = buildIcs({
    uid: 'appt_1@parley', sequence: 0, start: utc('2026-03-30T08:00:00Z'), end: utc('2026-03-30T08:30:00Z'), stamp: utc('2026-03-20T10:11:12Z'),
    summary: 'Consultation; with Ana, Madrid office', description: 'Line one\nLine two \\ done', location: 'Calle Mayor 1, Madrid',
  });

  it('is a VCALENDAR with one VEVENT in UTC, CRLF line ends and the required properties', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toEqual(expect.arrayContaining([
      'VERSION:2.0', 'PRODID:-//Parley//Appointments//EN', 'METHOD:PUBLISH', 'BEGIN:VEVENT', 'END:VEVENT',
      'UID:appt_1@parley', 'SEQUENCE:0', 'DTSTAMP:20260320T101112Z', 'DTSTART:20260330T080000Z', 'DTEND:20260330T083000Z',
      'SUMMARY:Consultation\\; with Ana\\, Madrid office', 'DESCRIPTION:Line one\\nLine two \\\\ done', 'LOCATION:Calle Mayor 1\\, Madrid', 'STATUS:CONFIRMED',
    ]));
  });

  it('escapes TEXT values', () => {
    expect(icsText('a,b;c\\d\r\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'Cita con Íñigo — revisión '.repeat(8)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const p of physical) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of physical.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});

describe('reminder times', () => {
  it('a whole-day reminder keeps the wall-clock time across the spring change (23 h before); hours are elapsed', () => {
    // Sunday 2026-03-29 10:00 in Madrid is 08:00Z (CEST); Saturday 10:00 is 09:00Z (CET).
    const start = utc('2026-03-29T08:00:00Z');
    expect(iso(reminderTime(start, 86_400, 'Europe/Madrid'))).toBe('2026-03-28T09:00:00Z');
    expect(iso(reminderTime(start, 3600, 'Europe/Madrid'))).toBe('2026-03-29T07:00:00Z');
  });

  it('and across the autumn change (25 h before), in New York too', () => {
    expect(iso(reminderTime(utc('2026-10-25T09:00:00Z'), 86_400, 'Europe/Madrid'))).toBe('2026-10-24T08:00:00Z');
    // Monday 2026-11-02 09:00 EST = 14:00Z; Sunday 09:00 EST = 14:00Z, but Saturday 2 days before is EDT: 13:00Z.
    expect(iso(reminderTime(utc('2026-11-02T14:00:00Z'), 2 * 86_400, 'America/New_York'))).toBe('2026-10-31T13:00:00Z');
  });

  it('the schedule skips reminders already due, and sorts the rest', () => {
    const start = utc('2026-03-29T08:00:00Z');
    expect(reminderSchedule(start, [3600, 86_400], 'Europe/Madrid', utc('2026-03-20T00:00:00Z')).map((r) => [r.offsetSeconds, iso(r.at)])).toEqual([
      [86_400, '2026-03-28T09:00:00Z'], [3600, '2026-03-29T07:00:00Z'],
    ]);
    // Booked 2 hours ahead: the day-before reminder is in the past.
    expect(reminderSchedule(start, [86_400, 3600], 'Europe/Madrid', utc('2026-03-29T06:00:00Z')).map((r) => r.offsetSeconds)).toEqual([3600]);
    // Seconds work too (what the integration tests use).
    expect(reminderSchedule(start, [20, 10], 'UTC', start - 60_000).map((r) => iso(r.at))).toEqual(['2026-03-29T07:59:40Z', '2026-03-29T07:59:50Z']);
  });
});
