// What the fake providers receive, with a way to wait for the n-th arrival: push() records one and
// wakes the waiters; waitFor(n) resolves with everything received once n have arrived.
export class Arrivals<T> {
  readonly received: T[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly what: string) {}

  push(item: T) {
    this.received.push(item);
    for (const wake of this.waiters) wake();
  }

  waitFor(n: number, timeoutMs = 5_000): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.received.length < n) return;
        cleanup();
        resolve(this.received.slice());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.what} got ${this.received.length} of ${n} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}
