import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../engine/temporal/dev-server';
import { inboundMessageSignal, caseStateQuery } from '../workflows/case/messages';
import { workflowBundle } from '../workflows/worker';
Runtime.install({ logger: new DefaultLogger('ERROR') });
const server = await startDevServer({ port: 7355, uiPort: null, dbFile: join(mkdtempSync(join(tmpdir(), 'can-')), 't.sqlite') });
const nc = await NativeConnection.connect({ address: server.address });
const worker = await Worker.create({ connection: nc, taskQueue: 'can', workflowBundle: await workflowBundle(), activities: {
  async mirrorCaseState() {}, async deliverMessage() { return { status: 'sent', providerMessageId: 'x' }; }, async markMessageFailed() {}, async rerouteInbound() {},
} });
const running = worker.run();
const client = new Client({ connection: await Connection.connect({ address: server.address }) });
for (let round = 0; round < 15; round++) {
  const id = `can-${round}`;
  const handle = await client.workflow.start('caseWorkflow', { workflowId: id, taskQueue: 'can', args: [{ caseId: id, accountId: 'a', autoCloseAfterMs: 3600000, limits: { continueAsNewAfterEvents: 12 } }] });
  await Promise.all(Array.from({ length: 30 }, (_, i) => handle.signal(inboundMessageSignal, { messageId: `${id}-m${i}`, at: i })));
  const t0 = Date.now();
  for (;;) {
    const s = await Promise.race([handle.query(caseStateQuery), new Promise<null>((r) => setTimeout(() => r(null), 10000))]);
    if (s === null) { console.log('round', round, 'QUERY HUNG'); break; }
    if (s.inboundCount === 30) { console.log('round', round, 'ok', Date.now() - t0, 'ms'); break; }
    await new Promise((r) => setTimeout(r, 20));
  }
}
worker.shutdown(); await running; await server.stop(); process.exit(0);
