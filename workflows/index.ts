// Workflow entry point for the worker bundle (workflowsPath): export workflow functions only.
export { caseWorkflow } from './case/workflow';
export { ruleRunWorkflow } from './rules/rule-run-workflow';
export { scheduledRuleWorkflow } from './rules/scheduled-rule-workflow';
