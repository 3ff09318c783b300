// Heartbeats for activities that may run for a while (a delivery to a slow provider, a rule's
// action): with a heartbeat timeout on the activity, an attempt lost with a killed worker is
// retried elsewhere within seconds instead of after its whole start-to-close timeout.
//
// The beats also carry the attempt's progress (a connector's SendProgress: how far X's chunked upload got),
// as Temporal heartbeat details: the server keeps the last beat's details and hands them to the next attempt
// (`info.heartbeatDetails`), on whichever worker it runs. Each beat replaces the details, so every beat
// resends the latest ones, starting with those the previous attempt left.
import { Context } from '@temporalio/activity';
import type { SendProgress } from '../../connectors/connector';

/** How often a running activity tells the server its worker is alive (the SDK throttles to ~0.8 × the timeout). */
export const HEARTBEAT_EVERY_MS = 5_000;

export interface Heartbeats {
  stop(): void;
  /** The attempt's progress, kept in the heartbeat details; undefined outside an activity. */
  progress?: SendProgress;
}

/** Heartbeats, with the latest saved progress, until `stop` is called (a no-op outside an activity). */
export function heartbeating(): Heartbeats {
  let context: Context;
  try { context = Context.current(); } catch { return { stop: () => {} }; }
  const saved: unknown = context.info.heartbeatDetails;
  let details: unknown = saved;
  const beat = () => (details === undefined ? context.heartbeat() : context.heartbeat(details));
  beat();
  // A heartbeat timeout shorter than the usual cadence (a test's) still gets a few beats within it.
  const timeoutMs = context.info.heartbeatTimeoutMs;
  const every = timeoutMs ? Math.max(100, Math.min(HEARTBEAT_EVERY_MS, Math.floor(timeoutMs / 3))) : HEARTBEAT_EVERY_MS;
  const timer = setInterval(beat, every);
  timer.unref?.();
  return {
    stop: () => clearInterval(timer),
    progress: { saved, save: (next) => { details = next; beat(); } },
  };
}

/** Heartbeats until the returned stop is called (a no-op outside an activity). */
export function keepAlive(): () => void {
  return heartbeating().stop;
}
