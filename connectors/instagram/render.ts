// Instagram comments: `POST /{ig-comment-id}/replies` with `message` — plain text (channels.md §7d–e).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §7 documents no comment length limit; the manifest says null as well.
export const INSTAGRAM_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface InstagramCommentReplyBody {
  message: string;
}

export function renderInstagram(message: ContentMessage, context: RenderContext): RenderResult<InstagramCommentReplyBody> {
  return renderTextOnly(message, context, {
    maxChars: INSTAGRAM_CHANNEL_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'comment reply',
    payload: (text) => ({ message: text }),
  });
}
