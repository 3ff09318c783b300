// A separate process that routes the cases it is given against a shared SQLite file (the routing
// race test starts several at once, so their BEGIN IMMEDIATE transactions really compete).
import { openDatabase } from '../../engine/db/open-database';
import { routeCase } from '../../engine/routing/route-case';

const [file, ...caseIds] = process.argv.slice(2);
const db = openDatabase(file);
// Start together: say ready, then wait for the go signal on stdin (sent once every process is ready).
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const outcomes = caseIds.map((id) => routeCase(db, id, { reason: 'new', exclude: [] }));
  process.stdout.write(JSON.stringify(outcomes));
  db.$client.close();
  process.exit(0);
});
// The test went away without starting us: do not linger.
process.stdin.once('end', () => process.exit(1));
