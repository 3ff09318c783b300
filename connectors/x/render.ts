// X posts: a reply is `POST /2/tweets {text, reply:{in_reply_to_tweet_id}}` (channels.md §9d).
// Posts are text; a long answer becomes several replies to the same post, each within X's weighted
// 280 (URLs weigh 23, most non-Latin characters 2). Media needs an upload first, so it goes as a link.
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';
import { xWeightedLength } from '../shared/text/measure';

export const X_LIMITS = {
  // X counts weighted characters: 280 per post (twitter-text v3; manifest maxTextLength 280).
  maxTextLength: 280,
} as const;

export const X_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: X_LIMITS.maxTextLength, richContent: {} };

export interface XPostBody {
  text: string;
  reply: { in_reply_to_tweet_id: string };
}

export function renderX(message: ContentMessage, context: RenderContext): RenderResult<XPostBody> {
  return renderTextOnly(message, context, {
    maxChars: X_LIMITS.maxTextLength,
    measure: xWeightedLength,
    overflow: 'split',
    what: 'reply post',
    payload: (text, ctx) => ({ text, reply: { in_reply_to_tweet_id: ctx.threadId } }),
  });
}
