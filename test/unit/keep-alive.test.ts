// The heartbeat an activity keeps while a send is in flight (workflows/activities/keep-alive.ts): the
// delivery activity may run for minutes (an X DM video upload), so the server must hear from it well
// within its heartbeat timeout the whole time, whatever that timeout is. A fake clock: no real waits.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_EVERY_MS, keepAlive } from '../../workflows/activities/keep-alive';

describe('keepAlive', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  /** Runs a send of `sendMs` inside keepAlive, as deliverMessage does; returns when each heartbeat went out. */
  async function heartbeatsDuring(sendMs: number, heartbeatTimeoutMs?: number) {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs });
    const beats: number[] = [];
    const start = Date.now();
    env.on('heartbeat', () => beats.push(Date.now() - start));
    const sent = env.run(async () => {
      const stop = keepAlive();
      try {
        await new Promise((resolve) => setTimeout(resolve, sendMs));
        return 'sent';
      } finally {
        stop();
      }
    });
    await vi.advanceTimersByTimeAsync(sendMs + 60_000);
    return { result: await sent, beats };
  }

  const longestGap = (beats: number[], endMs: number) => Math.max(...[...beats, endMs].map((b, i, all) => (i === 0 ? b : b - all[i - 1])));

  it('a 35 s send under the 20 s heartbeat timeout: a beat at once and every 5 s, none after it ends', async () => {
    const { result, beats } = await heartbeatsDuring(35_000, 20_000);
    expect(result).toBe('sent');
    expect(beats.slice(0, 7)).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    expect(Math.max(...beats)).toBeLessThanOrEqual(35_000);
    expect(longestGap(beats, 35_000)).toBeLessThanOrEqual(HEARTBEAT_EVERY_MS);
  });

  it('a shorter heartbeat timeout gets beats a third as far apart, so a test can scale the timeouts down', async () => {
    const { beats } = await heartbeatsDuring(3_000, 1_000);
    expect(longestGap(beats, 3_000)).toBeLessThanOrEqual(334);
    expect(beats.length).toBeGreaterThanOrEqual(9);
  });

  it('outside an activity it does nothing (a connector called from a plain test)', () => {
    const stop = keepAlive();
    expect(() => stop()).not.toThrow();
  });
});
