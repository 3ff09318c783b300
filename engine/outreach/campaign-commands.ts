// Start, pause, resume and cancel a campaign: its workflow is started (id derived from the
// campaign, so a second start is harmless) or signalled; the status the console shows is what the
// workflow mirrors, except that pause and cancel are also written at once so a batch in flight
// stops before its next recipient.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import {
  campaignWorkflowId, cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal, type CampaignWorkflowInput,
} from '../../workflows/outreach/contract';
import type { SendingWindow } from '../../workflows/outreach/sending-window';
import type { Db } from '../db/open-database';
import { campaigns } from '../db/schema-outreach';
import { ParleyError } from '../errors';
import { getCampaignRow, viewCampaign, type CampaignRow } from './campaign-store';

export interface CampaignCommandDeps {
  db: Db;
  client: Client;
  taskQueue: string;
}

const FINISHED = new Set(['completed', 'cancelled']);

export function campaignWorkflowInput(row: CampaignRow): CampaignWorkflowInput {
  return {
    campaignId: row.id, startAt: row.startAt, window: (row.sendingWindow as SendingWindow | null) ?? null, throttlePerSecond: row.throttlePerSecond,
  };
}

export async function startCampaign(deps: CampaignCommandDeps, accountId: string, id: string, opts: { limits?: CampaignWorkflowInput['limits'] } = {}) {
  const row = getCampaignRow(deps.db, accountId, id);
  if (row.status !== 'draft') return { campaign: viewCampaign(deps.db, row), started: false };
  try {
    await deps.client.workflow.start('campaignWorkflow', {
      workflowId: campaignWorkflowId(row.id), taskQueue: deps.taskQueue, args: [{ ...campaignWorkflowInput(row), ...(opts.limits ? { limits: opts.limits } : {}) }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw unavailable(err);
  }
  // Only a draft becomes scheduled: the workflow may already have mirrored a later state.
  deps.db.$client.prepare(`update campaigns set status = 'scheduled', updated_at = ? where id = ? and status = 'draft'`).run(Date.now(), row.id);
  return { campaign: viewCampaign(deps.db, getCampaignRow(deps.db, accountId, id)), started: true };
}

async function signal(deps: CampaignCommandDeps, accountId: string, id: string, what: 'pause' | 'resume' | 'cancel') {
  const row = getCampaignRow(deps.db, accountId, id);
  if (row.status === 'draft') {
    if (what !== 'cancel') throw new ParleyError(409, 'campaign_not_started', `Campaign "${row.name}" has not been started.`);
    deps.db.update(campaigns).set({ status: 'cancelled', finishedAt: Date.now(), updatedAt: Date.now() }).where(eq(campaigns.id, id)).run();
    return viewCampaign(deps.db, getCampaignRow(deps.db, accountId, id));
  }
  if (FINISHED.has(row.status)) throw new ParleyError(409, 'campaign_finished', `Campaign "${row.name}" is ${row.status}.`);
  if (what === 'pause' && row.status === 'paused') return viewCampaign(deps.db, row);
  if (what === 'resume' && row.status !== 'paused') throw new ParleyError(409, 'campaign_not_paused', `Campaign "${row.name}" is ${row.status}, not paused.`);
  const definition = what === 'pause' ? pauseCampaignSignal : what === 'resume' ? resumeCampaignSignal : cancelCampaignSignal;
  try {
    await deps.client.workflow.getHandle(campaignWorkflowId(id)).signal(definition);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ParleyError(409, 'campaign_finished', `Campaign "${row.name}" is no longer running.`);
    throw unavailable(err);
  }
  // A batch in flight reads this before each recipient (engine/outreach/campaign-sender.ts).
  if (what !== 'resume') {
    deps.db.$client.prepare(`update campaigns set status = ?, updated_at = ? where id = ? and status not in ('completed', 'cancelled')`)
      .run(what === 'pause' ? 'paused' : 'cancelled', Date.now(), id);
  }
  return viewCampaign(deps.db, getCampaignRow(deps.db, accountId, id));
}

export const pauseCampaign = (deps: CampaignCommandDeps, accountId: string, id: string) => signal(deps, accountId, id, 'pause');
export const resumeCampaign = (deps: CampaignCommandDeps, accountId: string, id: string) => signal(deps, accountId, id, 'resume');
export const cancelCampaign = (deps: CampaignCommandDeps, accountId: string, id: string) => signal(deps, accountId, id, 'cancel');

function unavailable(err: unknown) {
  return new ParleyError(503, 'temporal_unavailable', `The workflow service (Temporal) did not take the command; try again shortly. (${(err as Error).message})`);
}
