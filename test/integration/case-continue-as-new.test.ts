// Continue-as-new under a burst of messages, on the real dev server (the time-skipping test server
// can leave a query unanswered while a run continues as new). Every message is applied exactly once
// across runs, including those that arrive while the run hands over.
import { noRoutingActivities } from '../support/routing-stand-ins';
import type { RoutingActivities } from '../../workflows/case/routing-contract';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseActivities, CaseState } from '../../workflows/case/contract';
import { caseStateQuery, inboundMessageSignal } from '../../workflows/case/messages';
import { workflowBundle } from '../../workflows/worker';
import { eventually } from '../support/parley-harness';

describe('case workflow continue-as-new', () => {
  const taskQueue = `can-${randomUUID()}`;
  const mirrors: CaseState[] = [];
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let connection: NativeConnection;

  beforeAll(async () => {
    const address = inject('temporalAddress');
    connection = await NativeConnection.connect({ address });
    const activities: CaseActivities & RoutingActivities = {
      ...noRoutingActivities,
      async mirrorCaseState(_caseId, state) { mirrors.push(state); },
      async deliverMessage() { return { status: 'sent', providerMessageId: 'p' }; },
      async markMessageFailed() {},
      async rerouteInbound() {},
    };
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), activities });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address }) });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await client?.connection.close();
  });

  it('applies a burst of messages exactly once across runs', async () => {
    const caseId = `burst-${randomUUID()}`;
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: caseId, taskQueue,
      args: [{ caseId, accountId: 'acct', autoCloseAfterMs: 3_600_000, limits: { continueAsNewAfterEvents: 12 } }],
    });
    const firstRunId = handle.firstExecutionRunId;
    await Promise.all(Array.from({ length: 30 }, (_, i) => handle.signal(inboundMessageSignal, { messageId: `${caseId}-m${i}`, at: 1_000 + i })));
    // A redelivery of an early message, after the hand-over, is still recognised.
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-m0`, at: 99_000 });
    const state = await eventually(async () => {
      const s = await handle.query(caseStateQuery);
      return s.inboundCount >= 30 ? s : null;
    }, 30_000);
    await eventually(async () => (await handle.describe()).runId !== firstRunId, 30_000);
    expect(state).toMatchObject({ status: 'new', inboundCount: 30, lastInboundAt: 1_029 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await handle.query(caseStateQuery)).inboundCount).toBe(30);
  });

  it('a new run applies the messages the previous run handed over, before anything else', async () => {
    const caseId = `carried-${randomUUID()}`;
    const state: CaseState = {
      status: 'pending', statusUpdatedAt: 500, statusUpdatedBy: 'key_x', lastInboundAt: 400, lastOutboundAt: 450,
      inboundCount: 3, outboundCount: 1, autoCloseAt: null,
    };
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: caseId, taskQueue,
      args: [{
        caseId, accountId: 'acct', autoCloseAfterMs: 3_600_000,
        carried: { state, seenMessageIds: ['m-old', 'm-4'], pending: [{ kind: 'inbound', messageId: 'm-4', at: 600 }] },
      }],
    });
    // The handed-over message is already known: a redelivery of it does not count twice.
    await handle.signal(inboundMessageSignal, { messageId: 'm-4', at: 600 });
    await handle.signal(inboundMessageSignal, { messageId: 'm-5', at: 700 });
    const after = await eventually(async () => {
      const s = await handle.query(caseStateQuery);
      return s.inboundCount === 5 ? s : null;
    }, 30_000);
    // The pending case reopened on the carried customer message, stamped as the customer's doing.
    expect(after).toMatchObject({ status: 'open', statusUpdatedBy: 'customer', statusUpdatedAt: 600, lastInboundAt: 700, outboundCount: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await handle.query(caseStateQuery)).inboundCount).toBe(5);
  });
});
