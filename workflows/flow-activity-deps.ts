// What the durable flows' activities (outreach, payments, appointments) get from the running
// Parley: the same dependencies as the rule actions (database, channels, Temporal client, sealed
// secrets), so a flow can send into a case the way an agent or a rule does.
export type { RuleActionDeps as FlowActivityDeps } from './rules/actions/rule-action-deps';
