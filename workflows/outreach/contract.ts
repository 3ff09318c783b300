// What the campaign workflow, its starters (API, rule action) and its activities agree on.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SendingWindow } from './sending-window';
import type { Pacing } from './throttle';

export const CAMPAIGN_STATES = ['scheduled', 'waiting_window', 'sending', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const campaignWorkflowId = (campaignId: string) => `campaign-${campaignId}`;

export interface CampaignWorkflowInput {
  campaignId: string;
  /** ms since epoch; null = at once. */
  startAt: number | null;
  window: SendingWindow | null;
  throttlePerSecond: number | null;
  /** Carried across continue-as-new. */
  carried?: { state: CampaignState; resumeTo: 'scheduled' | 'sending'; pacing: Pacing | null; nextFreeSlot?: number; prepared: boolean; totals: BatchTotals };
  /** Overrides for tests (history size that triggers continue-as-new, recipients per batch). */
  limits?: { continueAsNewAfterEvents?: number; batchSize?: number };
}

export interface BatchTotals {
  sent: number;
  skipped: number;
  failed: number;
  batches: number;
}

export interface SendBatchInput {
  campaignId: string;
  limit: number;
  /** The pacing schedule: send k of this batch goes at slotAt(pacing, rate, k). */
  pacing: Pacing;
  ratePerSecond: number | null;
  window: SendingWindow | null;
}

export interface SendBatchResult extends Omit<BatchTotals, 'batches'> {
  /** Recipients still queued after this batch. */
  remaining: number;
  /** Why the batch stopped before its limit: the window closed, or the campaign was paused or cancelled. */
  stoppedBy: 'window' | 'paused' | 'cancelled' | null;
}

export interface CampaignProgress {
  state: CampaignState;
  totals: BatchTotals;
  pacing: Pacing | null;
  /** When the workflow next wakes (start time, window opening, next batch slot), ms since epoch. */
  wakeAt: number | null;
}

export const pauseCampaignSignal = defineSignal('pauseCampaign');
export const resumeCampaignSignal = defineSignal('resumeCampaign');
export const cancelCampaignSignal = defineSignal('cancelCampaign');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
