// Workflow entry point of the case worker's bundle (workflowsPath): export workflow functions only.
// Rule runs have their own bundle and task queue (workflows/rules/index.ts). The business flows
// (outreach campaigns, payments, appointments) run on the case worker's queue.
export { caseWorkflow } from './case/workflow';
export * from './outreach/index';
export * from './payments/index';
export * from './appointments/index';
export * from './teams/index';
