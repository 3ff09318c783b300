// Google Play review replies: `POST …/reviews/{reviewId}:reply {replyText}` — one reply per review,
// so an over-long text is cut rather than split (channels.md §13d).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

export const GOOGLE_PLAY_LIMITS = {
  // channels.md §13d: replyText ≤350 characters.
  maxTextLength: 350,
} as const;

export const GOOGLE_PLAY_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: GOOGLE_PLAY_LIMITS.maxTextLength, richContent: {} };

export interface GooglePlayReplyBody {
  replyText: string;
}

export function renderGooglePlay(message: ContentMessage, context: RenderContext): RenderResult<GooglePlayReplyBody> {
  return renderTextOnly(message, context, {
    maxChars: GOOGLE_PLAY_LIMITS.maxTextLength,
    overflow: 'truncate',
    what: 'review reply',
    payload: (text) => ({ replyText: text }),
  });
}
