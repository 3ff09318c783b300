// How one built-in action is implemented: a plain async function run inside the `runRuleAction`
// activity with the input already resolved (variables filled in) and validated against the
// action's schema. Throwing retries per the action's policy (ACTIONS in model/rules/actions.ts);
// throw `ApplicationFailure.nonRetryable` for a refusal that a retry cannot fix.
import type { ActionRunInfo } from '../contract';

export type ActionHandler = (input: Record<string, unknown>, run: ActionRunInfo) => Promise<unknown>;

/** Handlers by action type; several modules each contribute some (case, messaging, privacy, integrations). */
export type ActionHandlers = Record<string, ActionHandler>;
