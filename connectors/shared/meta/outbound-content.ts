// What a Meta connector sends for one OutboundMessage: the stored content message (validated again,
// extras such as the survey marker dropped), the files attached beside it as attachment blocks, and
// the messaging tag the reply-window check stored on it (engine/cases/case-commands.ts).
import { ATTACHMENT_KINDS, contentBlocks, parseContentMessage, type AttachmentBlock, type ContentBlock, type ContentMessage } from '../../../model/content/model';
import type { InboundAttachment, OutboundMessage } from '../../connector';

export interface MetaOutbound {
  /** null when there is nothing to send (an empty text and no files). */
  message: ContentMessage | null;
  /** 'HUMAN_AGENT' when a person answers after the standard 24 h window (Messenger, Instagram). */
  messagingTag?: 'HUMAN_AGENT';
}

const isBlank = (block: ContentBlock) => block.type === 'text' && block.text.trim() === '';

function attachmentKind(mime: string): AttachmentBlock['kind'] {
  const family = mime.toLowerCase().split('/')[0];
  return (ATTACHMENT_KINDS as readonly string[]).includes(family) && family !== 'file' ? (family as AttachmentBlock['kind']) : 'file';
}

function attachmentBlock(file: InboundAttachment & { url: string }): AttachmentBlock {
  return { type: 'attachment', kind: attachmentKind(file.mime), url: file.url, mime: file.mime, ...(file.name ? { name: file.name } : {}), ...(file.size !== undefined ? { size: file.size } : {}) };
}

export function metaOutbound(message: OutboundMessage): MetaOutbound {
  const stored = (typeof message.content === 'object' && message.content !== null ? message.content : {}) as Record<string, unknown>;
  const parsed = parseContentMessage({ content: stored.content, ...(typeof stored.fallbackText === 'string' ? { fallbackText: stored.fallbackText } : {}) });
  const blocks: ContentBlock[] = parsed.ok
    ? contentBlocks(parsed.value).filter((b) => !isBlank(b))
    : message.text.trim()
      ? [{ type: 'text', text: message.text, format: 'plain' }]
      : [];
  // Files sent beside the content (the reply API's `attachments`) go after it, unless a block already carries them.
  const inContent = new Set(blocks.filter((b): b is AttachmentBlock => b.type === 'attachment').map((b) => b.url));
  for (const file of message.attachments) {
    if (file.url && !inContent.has(file.url)) blocks.push(attachmentBlock({ ...file, url: file.url }));
  }
  const messagingTag = stored.messagingTag === 'HUMAN_AGENT' ? 'HUMAN_AGENT' : undefined;
  if (blocks.length === 0) return { message: null, messagingTag };
  const fallbackText = parsed.ok ? parsed.value.fallbackText : undefined;
  return { message: { ...(fallbackText ? { fallbackText } : {}), content: blocks.length === 1 ? blocks[0] : blocks }, messagingTag };
}
