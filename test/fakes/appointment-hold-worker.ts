// One competitor in the booking race (test/unit/appointments-booking-race.test.ts): its own SQLite
// connection, as another process would have; waits on a shared barrier, then tries to hold the slot.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Db } from '../../engine/db/open-database';
import { holdSlot, type HoldRequest } from '../../engine/appointments/booking-store';

const { file, barrier, request } = workerData as { file: string; barrier: SharedArrayBuffer; request: HoldRequest };
const sqlite = new Database(file);
sqlite.pragma('busy_timeout = 10000');
const db = drizzle(sqlite) as unknown as Db;
const gate = new Int32Array(barrier);
Atomics.add(gate, 1, 1);
Atomics.wait(gate, 0, 0);
try {
  const result = holdSlot(db, request);
  parentPort!.postMessage(result.ok ? { ok: true, bookingId: result.booking.id } : { ok: false, reason: result.reason });
} catch (err) {
  parentPort!.postMessage({ ok: false, reason: `error: ${(err as Error).message}` });
} finally {
  sqlite.close();
}
