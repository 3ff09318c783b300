// The appointments flow's activities (registered on the case worker, workflows/worker.ts).
import type { FlowActivityDeps } from '../flow-activity-deps';

export function createAppointmentsActivities(_deps: FlowActivityDeps) {
  return {};
}
