// Workflow exports of the payments flow (bundled with the case workflows: workflows/index.ts).
export { paymentWorkflow } from './workflow';
