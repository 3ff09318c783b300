// The outreach flow's activities (registered on the case worker, workflows/worker.ts): the campaign
// workflow's side effects, delegated to engine/outreach.
import { Context } from '@temporalio/activity';
import { prepareRecipients, sendBatch } from '../../engine/outreach/campaign-sender';
import { mirrorCampaignStatus } from '../../engine/outreach/campaign-store';
import type { FlowActivityDeps } from '../flow-activity-deps';
import type { CampaignState, SendBatchInput, SendBatchResult } from './contract';

export function createOutreachActivities(deps: FlowActivityDeps) {
  const now = deps.now ?? Date.now;
  return {
    async outreachPrepareRecipients(campaignId: string): Promise<number> {
      return prepareRecipients(deps.db, deps.channels, campaignId, now());
    },
    async outreachMirrorCampaign(campaignId: string, state: CampaignState): Promise<void> {
      mirrorCampaignStatus(deps.db, campaignId, state, now());
    },
    async outreachSendBatch(input: SendBatchInput): Promise<SendBatchResult> {
      const ctx = Context.current();
      return sendBatch({
        db: deps.db, channels: deps.channels, fetch: deps.fetch ?? fetch, now,
        heartbeat: (detail) => ctx.heartbeat(detail),
        sleep: (ms) => ctx.sleep(ms),
      }, input);
    },
  };
}

export type OutreachActivities = ReturnType<typeof createOutreachActivities>;
