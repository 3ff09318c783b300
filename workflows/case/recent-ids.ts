// Remembers the most recent message ids so a redelivered signal is applied once. Bounded so a
// long-lived case does not grow without limit; carried across continue-as-new.

export class RecentIds {
  private readonly ids: Set<string>;

  constructor(
    private readonly limit: number,
    initial: Iterable<string> = [],
  ) {
    this.ids = new Set();
    for (const id of initial) this.add(id);
  }

  /** Records `id`; false when it was already seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order, so the first entry is the oldest.
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }

  toArray(): string[] {
    return [...this.ids];
  }
}
