// A campaign's message to one recipient as the connector gets it, with the same outbound context a
// case reply gets on that channel (engine/channels/outbound-context.ts): a file Parley stores (an
// attachment block or an image whose URL is `…/api/v1/attachments/file_…`, which needs an agent's
// sign-in) goes as a signed public link where the provider fetches media from a URL (Viber, Meta,
// WhatsApp by link), and is read from the data directory and uploaded where the connector uploads
// (WhatsApp upload mode, WeChat, Slack, X, Apple, Telegram, email). The campaign has no row in
// `messages`, so its account and files are handed over (`unstored`).
import type { InboundAttachment } from '../../connectors/connector';
import { fallbackText } from '../../model/content/fallback';
import type { ContentBlock, ContentMessage } from '../../model/content/model';
import { storedFileOf } from '../attachments/attachment-store';
import { UPLOADING_CHANNEL_TYPES, outboundContext } from '../channels/outbound-context';
import type { Db } from '../db/open-database';

export interface CampaignOutbound {
  content: ContentMessage;
  text: string;
  attachments: InboundAttachment[];
  context: Record<string, unknown> | undefined;
}

/**
 * The stored files among the content's attachment blocks, moved to the message's attachments (as an
 * agent's reply carries them) for connectors that upload attachments; a caption stays as text in
 * the block's place, and a message left with nothing is a blank text, as a reply with only files.
 */
export function storedFilesAsAttachments(db: Db, accountId: string, message: ContentMessage): { content: ContentMessage; attachments: InboundAttachment[] } {
  const blocks: ContentBlock[] = Array.isArray(message.content) ? message.content : [message.content];
  const attachments: InboundAttachment[] = [];
  const kept = blocks.flatMap((block): ContentBlock[] => {
    if (block.type !== 'attachment') return [block];
    const file = storedFileOf(db, accountId, block.url);
    if (!file) return [block];
    attachments.push({ url: block.url, mime: file.mime, name: block.name ?? file.name, size: file.size });
    return block.caption ? [{ type: 'text', text: block.caption, format: 'plain' } as ContentBlock] : [];
  });
  if (attachments.length === 0) return { content: message, attachments };
  const content = kept.length === 0 ? ({ type: 'text', text: ' ', format: 'plain' } as ContentBlock) : kept.length === 1 ? kept[0] : kept;
  return { content: { ...message, content } as ContentMessage, attachments };
}

export function campaignOutbound(db: Db, channelType: string, facts: { accountId: string; messageId: string; publicUrl: string; content: ContentMessage; text: string }): CampaignOutbound {
  const { content, attachments } = UPLOADING_CHANNEL_TYPES.has(channelType)
    ? storedFilesAsAttachments(db, facts.accountId, facts.content)
    : { content: facts.content, attachments: [] };
  // No case yet: the providers that read the case (email thread, Teams conversation, LINE reply token) find none.
  const context = outboundContext(db, channelType, '', {
    messageId: facts.messageId, content, publicUrl: facts.publicUrl,
    unstored: { accountId: facts.accountId, attachments: attachments.map((a) => ({ url: a.url, mime: a.mime, name: a.name })) },
  });
  return { content, text: content === facts.content ? facts.text : fallbackText(content).trim(), attachments, context };
}
