// Workflow entry point for the worker bundle (workflowsPath): export workflow functions only.
export { caseWorkflow } from './case/workflow';
