// Web chat: Parley's own widget renders the neutral model itself (channels.md §1e), so the payload
// is the content unchanged plus its plain-text fallback for notifications and screen readers.
import { fallbackText } from '../../model/content/fallback';
import { contentBlocks, richContentTypeOf, type ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';

// Parley's own widget: no limits beyond the content model's.
export const WEBCHAT_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export interface WebchatMessage {
  type: 'message';
  threadId: string;
  recipientId: string;
  content: ContentMessage['content'];
  text: string;
}

export function renderWebchat(message: ContentMessage, context: RenderContext): RenderResult<WebchatMessage> {
  const single = !Array.isArray(message.content);
  return {
    payloads: [{ type: 'message', threadId: context.threadId, recipientId: context.recipientId, content: message.content, text: fallbackText(message) }],
    report: contentBlocks(message).map((block, index) => ({
      block: single ? 'content' : `content.${index}`,
      type: richContentTypeOf(block),
      // A WhatsApp template means nothing in the widget: it shows the template's filled-in body text.
      ...(block.type === 'template'
        ? { outcome: 'fallback' as const, detail: "Widget shows the template's body text with its parameters filled in" }
        : { outcome: 'native' as const, detail: 'Neutral model, rendered by the widget' }),
    })),
  };
}
