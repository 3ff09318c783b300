// The loop both outbox relays share (case dispatch_queue → case workflows, rule_events → rule
// runs): run a pass; go again at once while there is work or a wake-up came in; otherwise sleep
// until the poll interval or a wake(). While passes fail (Temporal unreachable) it backs off and
// reports the outage at most every 30 s, then once more when passes succeed again.
export interface RelayPass {
  relayed: number;
  failed: boolean;
}

export interface RelayLoopOptions {
  pollMs: number;
  pass(): Promise<RelayPass>;
  /** A pass threw (a bug or the database, not a row's relay). */
  onError(err: Error): void;
  /** Passes are failing; called at most every 30 s. */
  onOutage(): void;
  /** The first successful pass after an outage. */
  onRecovered(): void;
}

const OUTAGE_REPORT_EVERY_MS = 30_000;
const RETRY_AFTER_FAILURE_MS = 1_000;

export class RelayLoop {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;
  private lastOutageReport = 0;

  constructor(private readonly opts: RelayLoopOptions) {}

  start() {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work was written in this process: relay it now instead of at the next poll. */
  wake() {
    this.pending = true;
    this.wakeUp?.();
  }

  async stop() {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run() {
    while (this.running) {
      this.pending = false;
      let result: RelayPass = { relayed: 0, failed: false };
      try {
        result = await this.opts.pass();
      } catch (err) {
        this.opts.onError(err as Error);
        result = { relayed: 0, failed: true };
      }
      if (!this.running) break;
      if (result.failed) this.reportOutage();
      else if (this.lastOutageReport) {
        this.lastOutageReport = 0;
        this.opts.onRecovered();
      }
      if ((result.relayed > 0 || this.pending) && !result.failed) continue; // more may be waiting
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, result.failed ? RETRY_AFTER_FAILURE_MS : this.opts.pollMs);
        this.wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeUp = null;
    }
  }

  private reportOutage() {
    const now = Date.now();
    if (now - this.lastOutageReport < OUTAGE_REPORT_EVERY_MS) return;
    this.lastOutageReport = now;
    this.opts.onOutage();
  }
}
