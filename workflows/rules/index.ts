// Workflow entry point of the rules worker's bundle: rule runs and the schedules that start them.
// Kept apart from the case bundle: every cached workflow instantiates each module of its bundle,
// and case workflows must not carry the rule model and zod.
export { ruleRunWorkflow } from './rule-run-workflow';
export { scheduledRuleWorkflow } from './scheduled-rule-workflow';
