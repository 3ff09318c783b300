// Google Business Profile review replies: `PUT …/reviews/{r}/reply {comment}` — one reply per
// review, text only (channels.md §14d–e).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §14 documents no reply length limit; the manifest says null as well.
export const GOOGLE_BUSINESS_PROFILE_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface GoogleReviewReplyBody {
  comment: string;
}

export function renderGoogleBusinessProfile(message: ContentMessage, context: RenderContext): RenderResult<GoogleReviewReplyBody> {
  return renderTextOnly(message, context, {
    maxChars: GOOGLE_BUSINESS_PROFILE_CHANNEL_LIMITS.maxTextLength,
    overflow: 'truncate',
    what: 'review reply',
    payload: (text) => ({ comment: text }),
  });
}
