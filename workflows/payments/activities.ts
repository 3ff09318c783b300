// The payments flow's activities (registered on the case worker, workflows/worker.ts).
import type { FlowActivityDeps } from '../flow-activity-deps';

export function createPaymentsActivities(_deps: FlowActivityDeps) {
  return {};
}
