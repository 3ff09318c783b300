// Delivers one outbound message to a Viber user: the renderer's send_message bodies (text with a
// keyboard, rich_media, picture / video / file) in order, each with the channel's sender name, then
// any attached files by URL (a file Parley stores goes as its signed public link, which Viber
// fetches). One attempt; retries belong to the send activity, which reads SendError.
import { contentMessageOf } from '../shared/outbound-content';
import { withPublicMediaLinks } from '../shared/public-media';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { callViberApi } from './bot-api';
import type { ViberConfig } from './config';
import { renderViber, type ViberSendBody } from './render';

/** The name shown as the author: the configured sender name, else the bot's own (learned at set-up). */
export const senderNameOf = (config: ViberConfig) => config.senderName ?? config.accountName;

/** Files the agent attached, after the content: images as pictures, files with a known size as files, others as links. */
function attachmentBodies(message: OutboundMessage, sender: ViberSendBody['sender']): ViberSendBody[] {
  return message.attachments.filter((a) => a.url).map((a): ViberSendBody => {
    const base = { receiver: message.recipient.externalId, sender };
    if (a.mime.startsWith('image/')) return { ...base, type: 'picture', media: a.url!, text: '' };
    if (a.size !== undefined) return { ...base, type: 'file', media: a.url!, size: a.size, file_name: a.name ?? a.url!.split('/').pop() ?? 'file' };
    return { ...base, type: 'url', media: a.url! };
  });
}

export function viberBodiesFor(message: OutboundMessage, config: ViberConfig): ViberSendBody[] {
  const { payloads } = renderViber(contentMessageOf(message), { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale, senderName: senderNameOf(config) });
  const withAvatar = config.senderAvatar ? payloads.map((p) => ({ ...p, sender: { ...p.sender, avatar: config.senderAvatar } })) : payloads;
  const sender = withAvatar[0]?.sender ?? { name: senderNameOf(config) ?? 'Parley' };
  const files = attachmentBodies(message, sender);
  // A reply of files alone is stored with a blank text: Viber refuses an empty text (badData), so only the files go.
  const blank = (p: ViberSendBody) => p.type === 'text' && !p.text.trim() && !p.keyboard;
  return [...(files.length > 0 ? withAvatar.filter((p) => !blank(p)) : withAvatar), ...files];
}

export async function sendViberMessage(message: OutboundMessage, channel: ChannelContext<ViberConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let last: string | undefined;
  for (const body of viberBodiesFor(withPublicMediaLinks(message, 'Viber'), channel.config)) {
    const answer = await callViberApi(channel.config, 'send_message', body as unknown as Record<string, unknown>, deps);
    last = answer.messageToken ?? last;
  }
  return { providerMessageId: last ?? message.id };
}
