// Every built-in action's handler, by action type (ACTIONS in model/rules/actions.ts).
import { getIntegrationSettings } from '../../../engine/rules/store/settings-store';
import type { ActionHandlers } from './action-handler';
import { createCallUrlAction } from './call-url';
import { createCaseActions } from './case';
import { createMessagingActions } from './messaging';
import { createNotifyEmailAction } from './notify-email';
import { createPrivacyActions } from './privacy';
import type { RuleActionDeps } from './rule-action-deps';

export function createBuiltInActions(deps: RuleActionDeps): ActionHandlers {
  const integrations = (accountId: string) => getIntegrationSettings(deps.db, deps.box, accountId);
  return {
    ...createMessagingActions(deps),
    ...createCaseActions(deps),
    ...createPrivacyActions(deps),
    call_url: createCallUrlAction({ getSettings: integrations, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.now ? { now: deps.now } : {}) }),
    notify_email: createNotifyEmailAction({ getSmtp: (accountId) => integrations(accountId).smtp }),
  };
}
