// LinkedIn company-page comments: `POST /rest/socialActions/{post urn}/comments
// {actor, object, message:{text}}` — plain text (channels.md §10d–e). The connector adds `actor`
// (the organization URN) from the channel config; `object` is the thread replied to.
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

// channels.md §10 documents no comment length limit; the manifest says null as well.
export const LINKEDIN_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface LinkedInCommentBody {
  object: string;
  message: { text: string };
}

export function renderLinkedIn(message: ContentMessage, context: RenderContext): RenderResult<LinkedInCommentBody> {
  return renderTextOnly(message, context, {
    maxChars: LINKEDIN_CHANNEL_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'comment',
    payload: (text, ctx) => ({ object: ctx.threadId, message: { text } }),
  });
}
