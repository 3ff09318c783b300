// Rule actions of the outreach flow (issue #7): start a campaign from a rule. Idempotent: the
// campaign workflow's id is derived from the campaign, so a retried action starts nothing twice.
import { and, eq } from 'drizzle-orm';
import { startCampaign } from '../../../engine/outreach/campaign-commands';
import { caseEvents } from '../../../engine/db/schema';
import { ParleyError } from '../../../engine/errors';
import type { ActionHandlers } from './action-handler';
import { refusal, ruleActor, ruleDetail, type RuleActionDeps } from './rule-action-deps';

export function createOutreachActions(deps: RuleActionDeps): ActionHandlers {
  return {
    async start_campaign(input, run) {
      const campaignId = String(input.campaignId);
      let outcome;
      try {
        outcome = await startCampaign({ db: deps.db, client: deps.client, taskQueue: deps.taskQueue }, run.accountId, campaignId);
      } catch (err) {
        // An unknown campaign is a refusal; Temporal being away is retried.
        if (err instanceof ParleyError && err.status < 500) throw refusal(err.message);
        throw err;
      }
      const caseId = run.event.case?.id;
      if (caseId) {
        // Once per run and node, even when the action is retried.
        const detail = { ...ruleDetail(run, 'start_campaign'), campaignId, campaignName: outcome.campaign.name };
        const already = deps.db.select({ id: caseEvents.id }).from(caseEvents)
          .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'campaign_started'), eq(caseEvents.to, campaignId), eq(caseEvents.actor, ruleActor(run))))
          .all().length > 0;
        if (!already) {
          deps.db.insert(caseEvents).values({ accountId: run.accountId, caseId, type: 'campaign_started', from: null, to: campaignId, actor: ruleActor(run), detail, at: (deps.now ?? Date.now)() }).run();
        }
      }
      return { campaignId, status: outcome.campaign.status, started: outcome.started };
    },
  };
}
