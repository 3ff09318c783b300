// An outbound message Parley sends without a row in `messages` (a campaign's message to one
// recipient): what the file lookups of the outbound context (mail-attachments.ts,
// outbound-media-links.ts) otherwise read from the stored message and its attachments.
export interface UnstoredMessage {
  accountId: string;
  /** The files it carries as attachments (their URL may be a stored file's download address). */
  attachments: { url?: string; mime: string; name?: string }[];
}
