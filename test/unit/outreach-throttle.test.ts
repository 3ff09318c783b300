// Campaign pacing (messages per second, no bursts, carried across batches) and the sending window
// (inside / outside in the account's zone, the next opening across a DST change).
import { describe, expect, it } from 'vitest';
import { advance, batchSizeFor, secondsLeft, slotAt } from '../../workflows/outreach/throttle';
import { isInsideWindow, nextWindowOpening, windowIssues, type SendingWindow } from '../../workflows/outreach/sending-window';

describe('pacing', () => {
  it('spaces message k at k/rate seconds from the anchor, whatever the batch boundaries', () => {
    const start = { anchorMs: 1_000_000, sent: 0 };
    // One batch of 7 at 3/s…
    const oneBatch = Array.from({ length: 7 }, (_, k) => slotAt(start, 3, k));
    // …or batches of 2, 3 and 2: the same slots.
    const slots: number[] = [];
    let pacing = start;
    for (const size of [2, 3, 2]) {
      for (let k = 0; k < size; k++) slots.push(slotAt(pacing, 3, k));
      pacing = advance(pacing, size);
    }
    expect(slots).toEqual(oneBatch);
    expect(oneBatch.map((t) => t - start.anchorMs)).toEqual([0, 334, 667, 1000, 1334, 1667, 2000]);
  });

  it('never lets more than rate×T+1 messages into any T-second stretch', () => {
    for (const rate of [1, 7, 50, 1000]) {
      const times = Array.from({ length: 3 * rate }, (_, k) => slotAt({ anchorMs: 0, sent: 0 }, rate, k));
      for (let i = 0; i < times.length; i++) {
        const inOneSecond = times.filter((t) => t >= times[i] && t < times[i] + 1000).length;
        expect(inOneSecond).toBeLessThanOrEqual(rate);
      }
    }
  });

  it('does not pace with the throttle off; batches last about ten seconds of sending', () => {
    expect(slotAt({ anchorMs: 5, sent: 900 }, null, 3)).toBe(5);
    expect([batchSizeFor(null), batchSizeFor(0.2), batchSizeFor(5), batchSizeFor(1000)]).toEqual([500, 2, 50, 500]);
  });

  it('estimates the time left from the rate, or from the observed rate when off', () => {
    expect(secondsLeft(100, 10, 3)).toBe(10);
    expect(secondsLeft(100, null, 40)).toBe(3);
    expect(secondsLeft(100, null, 0)).toBeNull();
    expect(secondsLeft(0, null, 0)).toBe(0);
  });
});

describe('sending window', () => {
  const madrid: SendingWindow = { timeZone: 'Europe/Madrid', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '20:00' };

  it('is inside on the listed days between from and to, local time', () => {
    expect(isInsideWindow(madrid, Date.parse('2026-03-02T08:00:00Z'))).toBe(true);   // Mon 09:00 CET
    expect(isInsideWindow(madrid, Date.parse('2026-03-02T07:59:00Z'))).toBe(false);  // Mon 08:59
    expect(isInsideWindow(madrid, Date.parse('2026-03-02T19:00:00Z'))).toBe(false);  // Mon 20:00: the end is excluded
    expect(isInsideWindow(madrid, Date.parse('2026-03-07T12:00:00Z'))).toBe(false);  // Saturday
    expect(isInsideWindow(null, 0)).toBe(true);
  });

  it('finds the next opening: later today, next weekday, after a weekend', () => {
    expect(new Date(nextWindowOpening(madrid, Date.parse('2026-03-02T06:30:00Z'))!).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(new Date(nextWindowOpening(madrid, Date.parse('2026-03-02T21:15:00Z'))!).toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(new Date(nextWindowOpening(madrid, Date.parse('2026-03-06T19:30:00Z'))!).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    const inside = Date.parse('2026-03-02T10:00:00Z');
    expect(nextWindowOpening(madrid, inside)).toBe(inside);
  });

  it('opens at the local time across a DST change (Madrid moves to CEST on 29 March 2026)', () => {
    const sunday = { ...madrid, days: ['mon' as const] };
    // Saturday 28 March, 12:00 CET → Monday 30 March 09:00 CEST = 07:00 UTC.
    expect(new Date(nextWindowOpening(sunday, Date.parse('2026-03-28T11:00:00Z'))!).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('says what is wrong with a window', () => {
    expect(windowIssues({ timeZone: 'Mars/Olympus', days: ['mon'], from: '09:00', to: '17:00' })).toEqual([
      { path: 'sendingWindow.timeZone', message: expect.stringContaining('Unknown time zone') },
    ]);
    expect(windowIssues({ timeZone: 'UTC', days: [], from: '18:00', to: '09:00' }).map((i) => i.path)).toEqual(['sendingWindow.days', 'sendingWindow.to']);
  });
});
