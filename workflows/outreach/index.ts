// Workflow exports of the outreach flow (bundled with the case workflows: workflows/index.ts).
export { campaignWorkflow } from './campaign-workflow';
