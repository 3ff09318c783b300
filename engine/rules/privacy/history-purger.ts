// Deletes the Temporal history of rule runs a privacy action touched (see history-purges.ts): once
// a run has ended, DeleteWorkflowExecution removes its history and visibility record. A run still
// going (waiting in a delay) is tried again when it ends, or with backoff; a history already gone
// counts as deleted. Never deletes a running workflow: that would terminate it.
import type { Client } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Db } from '../../db/open-database';
import { RelayLoop } from '../../ingest/relay-loop';
import { claimDuePurges, markHistoryDeleted, runStillStarting, onHistoryPurgeDue, pendingPurgeCount, postponePurge } from './history-purges';

const GRPC_NOT_FOUND = 5;
const LEASE_MS = 30_000;
/** A run still going is looked at again after this (its end also wakes the purger in this process). */
const backoffMs = (attempts: number) => Math.min(60_000, 500 * 2 ** Math.min(attempts, 7));

const gone = (err: unknown) => err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND);

export interface HistoryPurgerOptions {
  db: Db;
  client: Client;
  namespace: string;
  pollMs?: number;
  log?: (msg: string) => void;
}

export class HistoryPurger {
  private readonly loop: RelayLoop;
  private lastError = '';
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly opts: HistoryPurgerOptions) {
    this.loop = new RelayLoop({
      pollMs: opts.pollMs ?? 5_000,
      pass: () => this.purgeDue(),
      onError: (err) => { this.lastError = err.message; },
      onOutage: () => opts.log?.(`history purger: cannot delete rule-run histories (${this.lastError}); ${pendingPurgeCount(opts.db)} wait, retrying with backoff.`),
      onRecovered: () => opts.log?.('history purger: Temporal is reachable again; deleting the waiting rule-run histories.'),
    });
  }

  start() {
    this.unsubscribe = onHistoryPurgeDue(() => this.loop.wake());
    this.loop.start();
  }

  stop() {
    this.unsubscribe?.();
    return this.loop.stop();
  }

  /** One pass over the due purges; exported for tests through the loop. */
  async purgeDue(): Promise<{ relayed: number; failed: boolean }> {
    const { db } = this.opts;
    const due = claimDuePurges(db, Date.now(), 32, LEASE_MS);
    let relayed = 0;
    let failed = false;
    for (const purge of due) {
      try {
        if (await this.purge(purge.id)) {
          markHistoryDeleted(db, purge.id);
          relayed++;
        } else {
          postponePurge(db, purge.id, Date.now() + backoffMs(purge.attempts));
        }
      } catch (err) {
        this.lastError = (err as Error).message;
        postponePurge(db, purge.id, Date.now() + backoffMs(purge.attempts));
        failed = true;
      }
    }
    return { relayed, failed };
  }

  /** True once the run's history is gone; false while the run still goes on. */
  private async purge(workflowId: string): Promise<boolean> {
    const { client, namespace } = this.opts;
    try {
      const description = await client.workflow.getHandle(workflowId).describe();
      if (description.status.name === 'RUNNING') return false;
      await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId, runId: description.runId } });
      return true;
    } catch (err) {
      if (!gone(err)) throw err;
      // No history: the run never started a workflow (stopped by loop bounds), or it was deleted
      // already. A run recorded as running whose workflow is not there yet is started later.
      return !runStillStarting(this.opts.db, workflowId);
    }
  }
}
