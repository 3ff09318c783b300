// One delivery through the case workflow's real `deliverMessage` activity, under activity timeouts the
// test chooses (scaled down from workflows/case/activity-stubs.ts), for tests of how those options
// treat a send that takes long: test/integration/delivery-long-send.test.ts.
import { ActivityFailure, proxyActivities, TimeoutFailure } from '@temporalio/workflow';
import type { CaseActivities } from '../../workflows/case/contract';

export interface DeliveryAttemptOptions {
  startToCloseMs: number;
  heartbeatMs?: number;
  maximumAttempts: number;
}

export interface DeliveryAttemptResult {
  status?: string;
  /** Why the activity gave up: its last failure's message, and the timeout kind when it timed out. */
  failure?: { message: string; timeoutType?: string };
}

export async function deliveryAttempt(messageId: string, o: DeliveryAttemptOptions): Promise<DeliveryAttemptResult> {
  const { deliverMessage } = proxyActivities<CaseActivities>({
    startToCloseTimeout: o.startToCloseMs,
    heartbeatTimeout: o.heartbeatMs,
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1, maximumAttempts: o.maximumAttempts },
  });
  try {
    return { status: (await deliverMessage(messageId)).status };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause;
    return { failure: { message: cause?.message ?? err.message, timeoutType: cause instanceof TimeoutFailure ? cause.timeoutType : undefined } };
  }
}
