// Outbound delivery for the case workflow. Replies go out one at a time, in the order the agent
// wrote them, without holding the state lock: a slow channel must not block status changes.
import { ActivityFailure, log } from '@temporalio/workflow';
import { deliverMessage, markMessageFailed } from './activity-stubs';

export interface DeliveryLine {
  /** Sends the message; marks it failed when the retries run out. */
  deliver(messageId: string): void;
  /** Marks the message failed without sending it. */
  fail(messageId: string, reason: string): void;
  /** True when nothing is queued or in flight. */
  idle(): boolean;
}

export function createDeliveryLine(): DeliveryLine {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;

  const enqueue = (job: () => Promise<void>) => {
    pending++;
    tail = tail.then(job).finally(() => {
      pending--;
    });
  };

  const markFailed = async (messageId: string, reason: string) => {
    try {
      await markMessageFailed(messageId, reason);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('Could not mark a message failed', { messageId, reason, error: err.cause?.message ?? err.message });
    }
  };

  return {
    deliver(messageId) {
      enqueue(async () => {
        try {
          // A `failed` outcome (permanent error) is already recorded by the activity itself.
          await deliverMessage(messageId);
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          await markFailed(messageId, `Delivery failed after retries: ${err.cause?.message ?? err.message}`);
        }
      });
    },
    fail(messageId, reason) {
      enqueue(() => markFailed(messageId, reason));
    },
    idle: () => pending === 0,
  };
}
