// Routing state crosses continue-as-new: a case offered in one run is still offered in the next (not
// routed again), and the offer's timer keeps running there: on expiry the new run re-offers it.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseActivities } from '../../workflows/case/contract';
import { inboundMessageSignal, routingStateQuery } from '../../workflows/case/messages';
import type { RouteRequest, RoutingActivities } from '../../workflows/case/routing-contract';
import { workflowBundle } from '../../workflows/worker';
import { eventually } from '../support/parley-harness';

describe('routing across continue-as-new', () => {
  const taskQueue = `routing-can-${randomUUID()}`;
  const routed: RouteRequest[] = [];
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let connection: NativeConnection;

  beforeAll(async () => {
    const address = inject('temporalAddress');
    connection = await NativeConnection.connect({ address });
    const activities: CaseActivities & RoutingActivities = {
      async mirrorCaseState() {},
      async deliverMessage() { return { status: 'sent', providerMessageId: 'p' }; },
      async markMessageFailed() {},
      async rerouteInbound() {},
      async routeCase(_caseId, request) {
        routed.push(request);
        const agentId = request.reason === 'new' ? 'ana' : 'luis';
        return { kind: 'assigned', assignmentId: `asg-${routed.length}`, agentId, queueId: 'q', offerExpiresAt: request.reason === 'new' ? Date.now() + 6000 : null };
      },
      async assignCase() { throw new Error('not used'); },
      async acceptAssignment() { return false; },
      async releaseOnClose() {},
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

  it('carries the offer to the next run, whose timer re-offers it', async () => {
    const caseId = `routing-can-${randomUUID()}`;
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: caseId, taskQueue,
      args: [{ caseId, accountId: 'acct', autoCloseAfterMs: 3_600_000, limits: { continueAsNewAfterEvents: 12 } }],
    });
    const firstRunId = handle.firstExecutionRunId;
    await eventually(async () => (await handle.query(routingStateQuery)).phase === 'offered');
    await Promise.all(Array.from({ length: 20 }, (_, i) => handle.signal(inboundMessageSignal, { messageId: `${caseId}-m${i}`, at: 1_000 + i })));
    await eventually(async () => (await handle.describe()).runId !== firstRunId, 30_000);
    expect(await handle.query(routingStateQuery)).toMatchObject({ phase: 'offered', agentId: 'ana', assignmentId: 'asg-1' });
    expect(routed.filter((r) => r.reason === 'new')).toHaveLength(1);
    const after = await eventually(async () => {
      const view = await handle.query(routingStateQuery);
      return view.agentId === 'luis' ? view : null;
    }, 20_000, 200);
    expect(after).toMatchObject({ phase: 'assigned' });
    expect(routed.at(-1)).toEqual({ reason: 'offer_expired', exclude: ['ana'], releaseAssignmentId: 'asg-1' });
  }, 60_000);
});
