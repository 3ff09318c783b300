// A process-wide nudge: work written to SQLite in this process wakes its relay loops at once
// instead of at their next poll (other processes still find the rows by polling). Safe to fire
// inside a transaction: better-sqlite3 transactions are synchronous, so a woken loop runs only
// after the caller's transaction has committed.
export interface ProcessSignal {
  on(listener: () => void): () => void;
  fire(): void;
}

export function createProcessSignal(): ProcessSignal {
  const listeners = new Set<() => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    fire() {
      for (const listener of listeners) listener();
    },
  };
}
