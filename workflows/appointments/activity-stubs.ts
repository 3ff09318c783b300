// Activity stubs for the appointment workflow. Every activity is a database write plus, for some,
// a message queued into the case: they retry until they land (each is idempotent by its step).
import { proxyActivities } from '@temporalio/workflow';
import type { AppointmentActivities } from './contract';

export const appointmentActivities = proxyActivities<AppointmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
