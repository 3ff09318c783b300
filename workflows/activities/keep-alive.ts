// Heartbeats for activities that may run for a while (a delivery to a slow provider, a rule's
// action): with a heartbeat timeout on the activity, an attempt lost with a killed worker is
// retried elsewhere within seconds instead of after its whole start-to-close timeout.
import { Context } from '@temporalio/activity';

/** How often a running activity tells the server its worker is alive (the SDK throttles to ~0.8 × the timeout). */
export const HEARTBEAT_EVERY_MS = 5_000;

/** Heartbeats until the returned stop is called (a no-op outside an activity). */
export function keepAlive(): () => void {
  let context: Context;
  try { context = Context.current(); } catch { return () => {}; }
  context.heartbeat();
  // A heartbeat timeout shorter than the usual cadence (a test's) still gets a few beats within it.
  const timeoutMs = context.info.heartbeatTimeoutMs;
  const every = timeoutMs ? Math.max(100, Math.min(HEARTBEAT_EVERY_MS, Math.floor(timeoutMs / 3))) : HEARTBEAT_EVERY_MS;
  const timer = setInterval(() => context.heartbeat(), every);
  timer.unref?.();
  return () => clearInterval(timer);
}
