// YouTube comment replies: `comments.insert?part=snippet {snippet:{parentId, textOriginal}}` — plain
// text (channels.md §11d–e). `parentId` is the top-level comment replied to (the thread).
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §11 documents no reply length limit; the manifest says null as well.
export const YOUTUBE_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface YouTubeCommentBody {
  snippet: { parentId: string; textOriginal: string };
}

export function renderYouTube(message: ContentMessage, context: RenderContext): RenderResult<YouTubeCommentBody> {
  return renderTextOnly(message, context, {
    maxChars: YOUTUBE_CHANNEL_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'comment reply',
    payload: (text, ctx) => ({ snippet: { parentId: ctx.threadId, textOriginal: text } }),
  });
}
