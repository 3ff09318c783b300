// The Teams file-upload workflow's contract (pure types: safe in the workflow bundle). One workflow
// per accepted file, id `teams-file-upload-{attachmentId}` (engine/teams/file-consents.ts): Temporal
// refuses a second one with that id, so a file is uploaded once however often Teams repeats the
// accept, and the upload survives restarts — the accept may come hours after the card, even after
// the case closed, which is why it is not part of the case workflow.

export interface TeamsFileUploadInput {
  messageId: string;
  attachmentId: string;
  /** Teams' uploadInfo: uploadUrl, contentUrl, name, uniqueId, fileType. */
  upload: Record<string, string>;
}

export type TeamsFileUploadOutcome = 'delivered' | 'already-delivered' | 'failed';

export interface TeamsFileActivities {
  /** PUTs the stored bytes to the upload URL; `already-delivered` when an earlier run finished. Permanent failures are non-retryable. */
  uploadTeamsFile(input: TeamsFileUploadInput): Promise<'uploaded' | 'already-delivered'>;
  /** Posts the FileInfoCard to the conversation and marks the file delivered. */
  announceTeamsFile(input: TeamsFileUploadInput): Promise<void>;
  /** Records that the file could not be delivered, with the provider's reason. */
  recordTeamsFileFailure(input: TeamsFileUploadInput, reason: string): Promise<void>;
}
