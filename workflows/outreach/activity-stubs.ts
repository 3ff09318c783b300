// Activity stubs of the campaign workflow, with the timeouts and retry policies each needs.
import { proxyActivities } from '@temporalio/workflow';
import type { OutreachActivities } from './activities';

// Database writes retry until they land.
export const { outreachPrepareRecipients, outreachMirrorCampaign } = proxyActivities<OutreachActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// A batch heartbeats after every recipient: a worker killed mid-batch is noticed within seconds and
// the batch is retried elsewhere; recipients already sent are recorded and not sent again.
export const { outreachSendBatch } = proxyActivities<OutreachActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
