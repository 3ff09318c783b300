// No double booking under concurrent requests: many competitors, each on its own SQLite connection
// in its own thread (as separate API/worker processes would be), released at once by a barrier,
// try to hold the same slot (or overlapping ones). Exactly one wins; the rest are told it is taken.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busyBlocks, cancelBooking, confirmBooking, holdSlot, type HoldRequest } from '../../engine/appointments/booking-store';
import { tempDb } from '../support/temp-db';

const workerFile = new URL('../fakes/appointment-hold-worker.ts', import.meta.url);
const T = Date.parse('2026-06-01T09:00:00Z');
const MIN = 60_000;
const slot = (appointmentId: string, startOffsetMin = 0, agentId = 'usr_ana'): HoldRequest => ({
  accountId: 'acct_1', appointmentId, serviceId: 'svc_1', agentId,
  start: T + startOffsetMin * MIN, end: T + (startOffsetMin + 30) * MIN,
  blockStart: T + (startOffsetMin - 10) * MIN, blockEnd: T + (startOffsetMin + 40) * MIN, holdMs: 10 * MIN,
});

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function race(file: string, requests: HoldRequest[]) {
  const barrier = new SharedArrayBuffer(8);
  const gate = new Int32Array(barrier);
  const results = requests.map((request) => new Promise<{ ok: boolean; reason?: string; bookingId?: string }>((resolve, reject) => {
    // tsx compiles the TypeScript worker, which imports the real booking store.
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerFile.href)}); })`;
    const w = new Worker(boot, { eval: true, workerData: { file, barrier, request } });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  // Every competitor is connected and waiting: open the gate for all at once.
  while (Atomics.load(gate, 1) < requests.length) await new Promise((r) => setTimeout(r, 10));
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  return Promise.all(results);
}

describe('booking race', () => {
  it('12 concurrent holds of one slot: exactly one wins, 11 are told the slot is taken', async () => {
    const t = tempDb();
    cleanup = t.close;
    const results = await race(join(t.dir, 'parley.sqlite'), Array.from({ length: 12 }, (_, i) => slot(`appt_${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.reason)).toEqual(Array(11).fill('slot_taken'));
    const live = t.db.$client.prepare(`select count(*) n from appointment_bookings where status in ('held','confirmed')`).get() as { n: number };
    expect(live.n).toBe(1);
  }, 60_000);

  it('overlapping (not identical) slots of one agent race too: one wins; another agent is not affected', async () => {
    const t = tempDb();
    cleanup = t.close;
    const results = await race(join(t.dir, 'parley.sqlite'), [slot('a1', 0), slot('a2', 15), slot('a3', 20), slot('a4', -25), slot('b1', 0, 'usr_bo')]);
    expect(results.slice(0, 4).filter((r) => r.ok)).toHaveLength(1);
    expect(results[4].ok).toBe(true);
  }, 60_000);

  it('hold → confirm; an expired hold frees the slot; a retried hold finds its own booking; cancel frees it', () => {
    const t = tempDb();
    cleanup = t.close;
    const first = holdSlot(t.db, slot('a1'), T - 60 * MIN);
    expect(first.ok).toBe(true);
    expect(holdSlot(t.db, slot('a1'), T - 59 * MIN)).toMatchObject({ ok: true, booking: { id: first.ok ? first.booking.id : '' } });
    expect(holdSlot(t.db, slot('a2'), T - 59 * MIN)).toEqual({ ok: false, reason: 'slot_taken' });
    // Ten minutes later nobody confirmed: the hold is released and a2 gets the slot.
    const second = holdSlot(t.db, slot('a2'), T - 49 * MIN);
    expect(second.ok).toBe(true);
    expect(first.ok && confirmBooking(t.db, first.booking.id)).toBe(false);
    expect(second.ok && confirmBooking(t.db, second.booking.id)).toBe(true);
    expect(busyBlocks(t.db, ['usr_ana'], T - 120 * MIN, T + 120 * MIN, T - 40 * MIN).map((b) => b.status)).toEqual(['confirmed']);
    if (second.ok) cancelBooking(t.db, second.booking.id);
    expect(busyBlocks(t.db, ['usr_ana'], T - 120 * MIN, T + 120 * MIN)).toEqual([]);
    expect(holdSlot(t.db, slot('a3')).ok).toBe(true);
  });
});
