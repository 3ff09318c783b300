// A mutex for workflow code: state changes await activities (the mirror), so an Update handler
// and the main loop must not interleave between "compute the next state" and "mirror it".
import { condition } from '@temporalio/workflow';

export type WithLock = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLock(): WithLock {
  let held = false;
  return async (fn) => {
    // `condition` may wake several waiters in one activation: re-check before taking the lock.
    while (held) await condition(() => !held);
    held = true;
    try {
      return await fn();
    } finally {
      held = false;
    }
  };
}
