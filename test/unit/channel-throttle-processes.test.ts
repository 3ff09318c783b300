// The proof that the channel's rate holds across processes: two OS processes send on the same
// channel through their own SqlChannelThrottle on one SQLite file (as two Parley workers do), eight
// concurrent senders each, for about two seconds at 10/s with a burst of 5. With the buckets in each
// process's memory the two would together send at 20/s; sharing the rows, the send times the
// throttle scheduled in both never put more than 10 + 5 into any one second.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '../support/temp-db';

let t: ReturnType<typeof tempDb>;
beforeEach(() => { t = tempDb(); });
afterEach(() => t.close());

const PER_SECOND = 10;
const BURST = 5;

/** The most sends scheduled in any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j] < sorted[i] - 999) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the channel throttle across processes', () => {
  it('two worker processes on one database together keep the provider\'s rate', async () => {
    const child = fileURLToPath(new URL('../support/throttle-race-child.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const file = join(t.dir, 'parley.sqlite');
    const procs = [0, 1].map(() => spawn(tsx, [child, file, t.channelId, String(PER_SECOND), String(BURST), '2000', '8'], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const ready: Promise<void>[] = [];
    const outputs = procs.map((p) => new Promise<number[]>((resolve, reject) => {
      let out = '';
      let isReady = () => {};
      ready.push(new Promise((r) => { isReady = r; }));
      p.stdout!.on('data', (d) => {
        out += d;
        if (out.startsWith('ready\n')) isReady();
      });
      p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`child exited ${code}`))));
    }));
    // Both processes have opened the database: start them together.
    await Promise.all(ready);
    for (const p of procs) p.stdin!.write('go\n');
    const [first, second] = await Promise.all(outputs);

    // Both sent: they shared the channel rather than one of them owning it.
    expect(first.length).toBeGreaterThan(3);
    expect(second.length).toBeGreaterThan(3);
    const all = [...first, ...second];
    // Sixteen senders asked for far more than the rate, and got the burst plus the rate, no more.
    expect(busiestSecond(all)).toBeGreaterThanOrEqual(PER_SECOND);
    expect(busiestSecond(all)).toBeLessThanOrEqual(PER_SECOND + BURST);
    // Over the whole run, too: at most the burst plus the rate times the time the sends spanned.
    const span = (Math.max(...all) - Math.min(...all)) / 1000;
    expect(all.length).toBeLessThanOrEqual(BURST + Math.ceil(PER_SECOND * span) + 1);
    // No two sends were given the same token: scheduled times are at least 1/rate apart once the burst is spent.
    const sorted = [...all].sort((a, b) => a - b).slice(BURST);
    const gaps = sorted.slice(1).map((at, i) => at - sorted[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / PER_SECOND - 2);
  }, 60_000);
});
