// Workflow exports of the appointments flow (bundled with the case workflows: workflows/index.ts).
export { appointmentWorkflow } from './workflow';
