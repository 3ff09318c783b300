// Activity stubs for the case workflow, with the timeouts and retry policies each side effect needs.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from './contract';
import type { RoutingActivities } from './routing-contract';

/** Delivery gives up after ~2 minutes of backoff; the message is then marked failed. */
export const DELIVERY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 8,
} as const;

// Database writes retry until they land: the mirror must end up matching the workflow.
export const { mirrorCaseState, markMessageFailed, rerouteInbound } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const { deliverMessage } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // The activity heartbeats while it waits on the provider: an attempt lost with a killed worker
  // is retried on another within seconds, not after the whole timeout.
  heartbeatTimeout: '20 seconds',
  retry: DELIVERY_RETRY,
});

// Routing decisions are short SQLite transactions; retried until they land like the mirror (each is idempotent).
export const { routeCase, assignCase, acceptAssignment, releaseOnClose } = proxyActivities<RoutingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
