// Relays the dispatch outbox to Temporal (signal-with-start of the case workflow). Rows are
// claimed with a lease so several API processes can share one database; a row is deleted only
// after Temporal accepted it, so a Temporal outage delays delivery but loses nothing.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { agentReplySignal, inboundMessageSignal } from '../../workflows/case/messages';
import { REPLY_AFTER_CLOSE, caseWorkflowId, type CaseWorkflowInput } from '../../workflows/case/contract';
import type { Db } from '../db/open-database';
import { dispatchQueue, messages } from '../db/schema';
import { recordMessageRuleEvent } from '../rules/events/record-event';
import { RelayLoop } from './relay-loop';
import { rerouteToOpenCase } from './reroute-to-open-case';
import { signalAppointmentReply } from '../appointments/reply-hook';
import { teamsFileUploadWorkflowId, type FileUploadRequest } from '../teams/file-consents';

export interface DispatcherOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  autoCloseAfterMs: number;
  batchSize?: number;
  /** How long a claimed row stays invisible to other dispatchers. */
  leaseMs?: number;
  /** Poll interval for rows written by other processes. */
  pollMs?: number;
  /** How many cases are relayed concurrently (order is kept within a case). */
  concurrency?: number;
  log?: (msg: string) => void;
}

type Row = typeof dispatchQueue.$inferSelect;

const backoffMs = (attempts: number) => Math.min(30_000, 250 * 2 ** Math.min(attempts, 7));

export class Dispatcher {
  private readonly loop: RelayLoop;
  private lastError = '';

  constructor(private readonly opts: DispatcherOptions) {
    this.loop = new RelayLoop({
      pollMs: opts.pollMs ?? 500,
      pass: () => this.relayBatch(),
      onError: (err) => { this.lastError = err.message; opts.log?.(`dispatcher: ${err.message}`); },
      onOutage: () => {
        const { n } = opts.db.$client.prepare('select count(*) n from dispatch_queue').get() as { n: number };
        opts.log?.(`dispatcher: cannot reach Temporal (${this.lastError}); ${n} record(s) are stored and wait, retrying with backoff.`);
      },
      onRecovered: () => opts.log?.('dispatcher: Temporal is reachable again; relaying the waiting records.'),
    });
  }

  start() {
    this.loop.start();
  }

  /** Called after an ingest commit so the new rows go out at once instead of at the next poll. */
  wake() {
    this.loop.wake();
  }

  stop() {
    return this.loop.stop();
  }

  private claim(now: number): Row[] {
    const { db, batchSize = 256, leaseMs = 30_000 } = this.opts;
    const ids = db.select({ id: dispatchQueue.id }).from(dispatchQueue)
      .where(lte(dispatchQueue.availableAt, now)).orderBy(dispatchQueue.id).limit(batchSize).all().map((r) => r.id);
    if (ids.length === 0) return [];
    // The availableAt guard makes the claim atomic against another process claiming the same rows.
    return db.update(dispatchQueue)
      .set({ availableAt: now + leaseMs, attempts: sql`${dispatchQueue.attempts} + 1` })
      .where(and(inArray(dispatchQueue.id, ids), lte(dispatchQueue.availableAt, now)))
      .returning().all()
      .sort((a, b) => a.id - b.id);
  }

  /** Relays one batch; rows of one case go in order, different cases concurrently. */
  async relayBatch(): Promise<{ relayed: number; failed: boolean }> {
    const rows = this.claim(Date.now());
    if (rows.length === 0) return { relayed: 0, failed: false };
    const byCase = new Map<string, Row[]>();
    for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    const groups = [...byCase.values()];
    let relayed = 0;
    let failed = false;
    const concurrency = this.opts.concurrency ?? 16;
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, groups.length) }, async () => {
      while (next < groups.length) {
        const group = groups[next++];
        for (const row of group) {
          try {
            await this.relay(row);
            this.opts.db.delete(dispatchQueue).where(eq(dispatchQueue.id, row.id)).run();
            relayed++;
          } catch (err) {
            failed = true;
            // Back off this row and the rest of its case, keeping their order.
            const message = (err as Error).message?.slice(0, 500) ?? String(err);
            this.lastError = message;
            for (const r of group.slice(group.indexOf(row))) {
              this.opts.db.update(dispatchQueue).set({ availableAt: Date.now() + backoffMs(r.attempts), lastError: message })
                .where(eq(dispatchQueue.id, r.id)).run();
            }
            break;
          }
        }
      }
    });
    await Promise.all(workers);
    return { relayed, failed };
  }

  private async relay(row: Row) {
    const { client, taskQueue, autoCloseAfterMs } = this.opts;
    if (row.kind === 'fileUpload') return this.startFileUpload(row);
    const input: CaseWorkflowInput = { caseId: row.caseId, accountId: row.accountId, autoCloseAfterMs };
    const payload = row.payload as { messageId: string; at: number };
    try {
      await client.workflow.signalWithStart('caseWorkflow', {
        workflowId: caseWorkflowId(row.caseId),
        taskQueue,
        args: [input],
        // A case's workflow is never started twice: once closed, a case is final.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        signal: row.kind === 'inbound' ? inboundMessageSignal : agentReplySignal,
        // The row's time is when Parley stored the message (see the case machine's storedBeforeStatus).
        signalArgs: [row.kind === 'inbound' ? { ...payload, storedAt: row.createdAt } : payload],
      });
      if (row.kind === 'inbound') await signalAppointmentReply(this.opts.db, client, row.caseId, payload.messageId); // appointments: a pick, cancel or reschedule
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // The case closed between ingest and relay: the message belongs to a new case.
      if (row.kind === 'inbound') this.moveToNewCase(payload.messageId, row.caseId);
      else this.failReplyToClosedCase(payload.messageId);
    }
  }

  /** A file a Teams customer accepted: one upload workflow per file (a second accept finds it started). */
  private async startFileUpload(row: Row) {
    const input = row.payload as unknown as FileUploadRequest;
    try {
      await this.opts.client.workflow.start('teamsFileUploadWorkflow', {
        workflowId: teamsFileUploadWorkflowId(input.attachmentId), taskQueue: this.opts.taskQueue, args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  private moveToNewCase(messageId: string, closedCaseId: string) {
    rerouteToOpenCase(this.opts.db, closedCaseId, messageId);
    this.wake();
  }

  private failReplyToClosedCase(messageId: string) {
    const { db } = this.opts;
    db.transaction(() => {
      const { changes } = db.update(messages)
        .set({ deliveryStatus: 'failed', deliveryError: REPLY_AFTER_CLOSE, updatedAt: Date.now() })
        .where(and(eq(messages.id, messageId), ne(messages.deliveryStatus, 'failed'))).run();
      if (changes > 0) recordMessageRuleEvent(db, 'message.delivery_failed', messageId);
    });
  }
}
