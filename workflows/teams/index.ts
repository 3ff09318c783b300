// Workflow exports of the Teams file-consent upload (bundled with the case workflows: workflows/index.ts).
export { teamsFileUploadWorkflow } from './workflow';
