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

/**
 * One delivery attempt may take minutes: X DMs upload a video of up to 512 MB in 4 MiB segments and wait
 * for X to process it (connectors/x-dm/chunked-upload.ts). A hung send is still caught quickly: each
 * provider request has its own timeout (connectors/shared/http/provider-fetch.ts, ~10 s), and the
 * activity heartbeats while it runs (workflows/activities/keep-alive.ts), so an attempt lost with a
 * killed worker is retried on another within seconds, not after the whole start-to-close timeout.
 * (Activity options are not part of Temporal's command matching: changing them is replay-safe.)
 */
export const DELIVERY_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '20 seconds',
  retry: DELIVERY_RETRY,
} as const;

export const { deliverMessage } = proxyActivities<CaseActivities>(DELIVERY_ACTIVITY_OPTIONS);

// Routing decisions are short SQLite transactions; retried until they land like the mirror (each is idempotent).
export const { routeCase, assignCase, acceptAssignment, releaseOnClose } = proxyActivities<RoutingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
