// The account calendar: local weekday and time in its IANA zone, intervals, holidays, and the
// checks on a calendar an admin saves.
import { describe, expect, it } from 'vitest';
import { isWithinBusinessHours, localTime, parseInterval, validateBusinessHours } from '../../model/rules/business-hours';
import type { BusinessHours } from '../../model/rules/event';

const weekdays: BusinessHours = { timeZone: 'Europe/Madrid', weekly: { mon: ['09:00-17:30'], tue: ['09:00-17:30'], wed: ['09:00-17:30'], thu: ['09:00-17:30'], fri: ['09:00-15:00'] }, holidays: ['2026-12-25'] };

describe('business hours', () => {
  it('reads the local weekday, date and time, across daylight saving time', () => {
    // 29 March 2026: Madrid moves from UTC+1 to UTC+2 at 01:00 UTC.
    expect(localTime('Europe/Madrid', Date.UTC(2026, 2, 28, 12, 0))).toEqual({ weekday: 'sat', date: '2026-03-28', minutes: 13 * 60 });
    expect(localTime('Europe/Madrid', Date.UTC(2026, 2, 30, 12, 0))).toEqual({ weekday: 'mon', date: '2026-03-30', minutes: 14 * 60 });
    expect(localTime('Asia/Tokyo', Date.UTC(2026, 2, 1, 20, 0))).toEqual({ weekday: 'mon', date: '2026-03-02', minutes: 5 * 60 });
    expect(localTime('UTC', Date.UTC(2026, 2, 2, 0, 0))).toEqual({ weekday: 'mon', date: '2026-03-02', minutes: 0 });
  });

  it('is open inside an interval (start included, end excluded) and closed outside', () => {
    const at = (d: number, h: number, m = 0) => isWithinBusinessHours(weekdays, Date.UTC(2026, 5, d, h, m)); // June: Madrid is UTC+2
    expect(at(1, 7, 0)).toBe(true); // Mon 09:00
    expect(at(1, 6, 59)).toBe(false); // Mon 08:59
    expect(at(1, 15, 29)).toBe(true); // Mon 17:29
    expect(at(1, 15, 30)).toBe(false); // Mon 17:30
    expect(at(5, 13, 30)).toBe(false); // Fri 15:30
    expect(at(6, 10, 0)).toBe(false); // Saturday: no hours
  });

  it('is closed on holidays, and 24:00 ends a day', () => {
    expect(isWithinBusinessHours(weekdays, Date.UTC(2026, 11, 25, 10, 0))).toBe(false); // Friday 25 December
    expect(isWithinBusinessHours(weekdays, Date.UTC(2026, 11, 24, 10, 0))).toBe(true);
    const allDay: BusinessHours = { timeZone: 'UTC', weekly: { sun: ['00:00-24:00'] }, holidays: [] };
    expect(isWithinBusinessHours(allDay, Date.UTC(2026, 2, 1, 23, 59))).toBe(true);
    expect(isWithinBusinessHours(allDay, Date.UTC(2026, 2, 2, 0, 0))).toBe(false);
  });

  it('is always open without a calendar, and never with a broken time zone', () => {
    expect(isWithinBusinessHours(null, 0)).toBe(true);
    expect(isWithinBusinessHours({ ...weekdays, timeZone: 'Mars/Olympus' }, Date.UTC(2026, 5, 1, 10))).toBe(false);
  });

  it('parses intervals', () => {
    expect(parseInterval('09:00-17:30')).toEqual([540, 1050]);
    expect(parseInterval('00:00-24:00')).toEqual([0, 1440]);
    expect(parseInterval('9-5')).toBeNull();
    expect(parseInterval('24:00-24:00')).toBeNull();
  });

  it('validates a calendar with paths and actionable messages', () => {
    expect(validateBusinessHours(weekdays)).toEqual([]);
    const bad = { timeZone: 'Madrid', weekly: { mon: ['9-17', '18:00-17:00', '09:00-12:00', '11:00-13:00'], funday: ['10:00-11:00'] }, holidays: ['2026-02-30', '25/12/2026'] } as unknown as BusinessHours;
    expect(validateBusinessHours(bad)).toEqual([
      { path: 'timeZone', message: 'Unknown time zone "Madrid": use an IANA name such as Europe/Madrid' },
      { path: 'weekly.mon.0', message: '"9-17" is not an interval: write HH:MM-HH:MM, e.g. 09:00-17:30' },
      { path: 'weekly.mon.1', message: '"18:00-17:00" ends before it starts: split hours past midnight over two days (e.g. 22:00-24:00 and 00:00-02:00 the next day)' },
      { path: 'weekly.mon.3', message: '"11:00-13:00" overlaps "09:00-12:00" on mon' },
      { path: 'weekly.funday', message: '"funday" is not a weekday: use mon, tue, wed, thu, fri, sat, sun' },
      { path: 'holidays.0', message: '"2026-02-30" is not a date: write YYYY-MM-DD, e.g. 2026-12-25' },
      { path: 'holidays.1', message: '"25/12/2026" is not a date: write YYYY-MM-DD, e.g. 2026-12-25' },
    ]);
  });
});
