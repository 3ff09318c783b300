// Uploads one file a Teams customer accepted (contract.ts): the bytes to the upload URL, then the
// FileInfoCard into the chat. Two activities, so a retry after the upload succeeded does not PUT
// again. Transient provider failures are retried with backoff; once the retries run out (or at
// once, for a permanent refusal) the file is recorded as failed with the provider's reason.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { TeamsFileActivities, TeamsFileUploadInput, TeamsFileUploadOutcome } from './contract';

const { uploadTeamsFile, announceTeamsFile } = proxyActivities<TeamsFileActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});
const { recordTeamsFileFailure } = proxyActivities<TeamsFileActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function teamsFileUploadWorkflow(input: TeamsFileUploadInput): Promise<TeamsFileUploadOutcome> {
  try {
    if ((await uploadTeamsFile(input)) === 'already-delivered') return 'already-delivered';
    await announceTeamsFile(input);
    return 'delivered';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await recordTeamsFileFailure(input, err.cause?.message ?? err.message);
    return 'failed';
  }
}
