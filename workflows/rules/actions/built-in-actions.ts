// Every built-in action's handler, by action type (ACTIONS in model/rules/actions.ts).
import { getIntegrationSettings } from '../../../engine/rules/store/settings-store';
import type { ActionHandlers } from './action-handler';
import { createCallUrlAction } from './call-url';
import { createCaseActions } from './case';
import { createRoutingActions } from './routing';
import { createMessagingActions } from './messaging';
import { createNotifyEmailAction } from './notify-email';
import { createPrivacyActions } from './privacy';
import { createOutreachActions } from './outreach';
import { createPaymentsActions } from './payments';
import { createAppointmentsActions } from './appointments';
import { createWebsiteActions } from './website';
import type { RuleActionDeps } from './rule-action-deps';

export function createBuiltInActions(deps: RuleActionDeps): ActionHandlers {
  const integrations = (accountId: string) => getIntegrationSettings(deps.db, deps.box, accountId);
  return {
    ...createMessagingActions(deps),
    ...createCaseActions(deps),
    ...createRoutingActions(deps), // routing (issue #10): route to queue
    ...createPrivacyActions(deps),
    // Business flows (issue #7): start a campaign, request a payment, offer appointment slots.
    ...createOutreachActions(deps),
    ...createPaymentsActions(deps),
    ...createAppointmentsActions(deps),
    // Website (issue #8): show an offer, open the chat, set a visitor tag in the visitor's page.
    ...createWebsiteActions(deps),
    call_url: createCallUrlAction({ getSettings: integrations, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.now ? { now: deps.now } : {}) }),
    notify_email: createNotifyEmailAction({ getSmtp: (accountId) => integrations(accountId).smtp }),
  };
}
