// X direct messages (API v2): `POST /2/dm_conversations/with/:participant_id/messages {text}`
// (channels.md §9d–e). v2 DMs are text plus one uploaded media item; quick replies and buttons
// existed only in the legacy v1.1 API, so choices go as numbered text and an attachment block as a
// link. The reply's files are uploaded by the connector (media-upload.ts: it needs I/O) and ride on
// the DMs as media ids.
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

export const X_DM_LIMITS = {
  // X API v2 DM text: ≤10,000 characters (manifest maxTextLength 10000).
  maxTextLength: 10_000,
  // channels.md §9e: one media item per DM (the connector uploads the reply's files; see media-upload.ts).
  attachments: 1,
} as const;

export const X_DM_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: X_DM_LIMITS.maxTextLength,
  richContent: { attachment: { attachments: X_DM_LIMITS.attachments } },
};

export interface XDirectMessageBody {
  text: string;
}

export function renderXDm(message: ContentMessage, context: RenderContext): RenderResult<XDirectMessageBody> {
  return renderTextOnly(message, context, {
    maxChars: X_DM_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'direct message',
    payload: (text) => ({ text }),
  });
}
