// Recording a rule event wakes this process's rule dispatchers (see engine/process-signal.ts).
import { createProcessSignal } from '../../process-signal';

const recorded = createProcessSignal();

export const onRuleEventRecorded = recorded.on;
export const ruleEventRecorded = recorded.fire;
