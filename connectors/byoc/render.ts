// Bring Your Own Channel: the neutral model as is, beside its plain-text fallback (channels.md §23);
// the integrator's middleware renders what its channel supports. The BYOC connector adds messageId
// and caseId to form the full outbound body (connectors/byoc/wire-format.ts).
import { fallbackText } from '../../model/content/fallback';
import { contentBlocks, richContentTypeOf, type ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import type { ByocOutboundMessage } from './wire-format';

// The middleware owns the real channel: Parley imposes no limits (manifest maxTextLength null).
export const BYOC_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: null, richContent: {} };

export type ByocRenderedMessage = Omit<ByocOutboundMessage, 'messageId' | 'caseId'>;

export function renderByoc(message: ContentMessage, context: RenderContext): RenderResult<ByocRenderedMessage> {
  const blocks = contentBlocks(message);
  const single = !Array.isArray(message.content);
  return {
    payloads: [
      {
        type: 'message',
        externalConversationId: context.threadId,
        recipient: { externalId: context.recipientId },
        ...(context.locale ? { locale: context.locale } : {}),
        text: fallbackText(message, context.locale ? { locale: context.locale } : {}),
        content: message.content,
        attachments: blocks.flatMap((b) => (b.type === 'attachment' ? [{ url: b.url, mime: b.mime, ...(b.name ? { name: b.name } : {}), ...(b.size !== undefined ? { size: b.size } : {}) }] : [])),
      },
    ],
    report: blocks.map((block, index) => ({
      block: single ? 'content' : `content.${index}`,
      type: richContentTypeOf(block),
      outcome: 'native' as const,
      detail: 'Neutral JSON model with the plain-text fallback; the middleware renders it',
    })),
  };
}
