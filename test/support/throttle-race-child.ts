// A separate process sending on one channel through the shared throttle (the channel throttle's
// two-process test starts two at once on one SQLite file): `senders` concurrent loops, each reserving
// a slot, waiting for it and "sending", until `durationMs` has passed. Prints the send times the
// throttle scheduled (clock read + wait), as JSON.
import { SqlChannelThrottle } from '../../connectors/shared/rate-limit/sql-channel-throttle';
import { openDatabase } from '../../engine/db/open-database';

const [file, channelId, perSecond, burst, durationMs, senders] = process.argv.slice(2);
const db = openDatabase(file);
const throttle = new SqlChannelThrottle(db.$client);
const limit = { perSecond: Number(perSecond), burst: Number(burst) };

async function sender(n: number, until: number, scheduled: number[]) {
  while (Date.now() < until) {
    const now = Date.now();
    const slot = throttle.reserve(channelId, limit, `conversation-${process.pid}-${n}`, now);
    scheduled.push(now + slot.waitMs);
    await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  }
}

// Start together: say ready, then wait for the go signal on stdin (sent once every process is ready).
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const scheduled: number[] = [];
  const until = Date.now() + Number(durationMs);
  await Promise.all(Array.from({ length: Number(senders) }, (_, n) => sender(n, until, scheduled)));
  process.stdout.write(JSON.stringify(scheduled));
  db.$client.close();
  process.exit(0);
});
// The test went away without starting us: do not linger.
process.stdin.once('end', () => process.exit(1));
