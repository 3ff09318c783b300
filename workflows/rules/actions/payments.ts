// Rule actions of the payments flow (issue #7): start the flow from a rule.
import type { ActionHandlers } from './action-handler';
import type { RuleActionDeps } from './rule-action-deps';

export function createPaymentsActions(_deps: RuleActionDeps): ActionHandlers {
  return {};
}
