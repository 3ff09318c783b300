// A process-wide nudge for rule dispatchers: recording an event wakes the dispatchers of this
// process at once instead of at their next poll (other processes still find the rows by polling).
// Safe to call inside a transaction: better-sqlite3 transactions are synchronous, so a woken
// dispatcher runs only after the caller's transaction has committed.
const listeners = new Set<() => void>();

export function onRuleEventRecorded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function ruleEventRecorded(): void {
  for (const listener of listeners) listener();
}
