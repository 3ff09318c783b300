// Workflow entry point of the case worker's bundle (workflowsPath): export workflow functions only.
// Rule runs have their own bundle and task queue (workflows/rules/index.ts).
export { caseWorkflow } from './case/workflow';
