// Facebook Page comments and review replies: `POST /{comment-id}/comments {message}` (and
// `/{open_graph_story_id}/comments` for reviews) — plain text only (channels.md §5d–e).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §5 documents no comment length limit; the manifest says null as well.
export const FACEBOOK_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface FacebookCommentBody {
  message: string;
}

export function renderFacebook(message: ContentMessage, context: RenderContext): RenderResult<FacebookCommentBody> {
  return renderTextOnly(message, context, {
    maxChars: FACEBOOK_CHANNEL_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'comment reply',
    payload: (text) => ({ message: text }),
  });
}
