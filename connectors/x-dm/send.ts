// Sends one reply as X direct messages: the renderer's parts (text; choices as numbered text — v2
// DMs have no buttons) to the customer's one-to-one conversation, in order. The reply's files are
// uploaded first (media-upload.ts); a DM carries one media item, so the first rides on the first
// part and each further one goes as its own DM.
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { contentMessageOf } from '../shared/outbound-content';
import type { XDmConfig } from './config';
import { renderXDm } from './render';
import { callX } from './x-api';
import { uploadXDmMedia } from './media-upload';

export async function sendXDirectMessage(message: OutboundMessage, channel: ChannelContext<XDmConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const to = message.recipient.externalId;
  const { payloads: rendered } = renderXDm(contentMessageOf(message), { recipientId: to, threadId: message.threadId, locale: message.locale });
  const mediaIds = await uploadXDmMedia(message, channel.config, deps);
  const texts = rendered.filter((p) => typeof (p as { text?: unknown }).text !== 'string' || (p as { text: string }).text.trim() !== '');
  const payloads: Record<string, unknown>[] = texts.map((p, i) => (i === 0 && mediaIds[0] ? { ...p, attachments: [{ media_id: mediaIds[0] }] } : { ...p }));
  for (const [i, id] of mediaIds.entries()) {
    if (i === 0 && payloads.length > 0) continue;
    payloads.push({ attachments: [{ media_id: id }] });
  }
  let first: string | undefined;
  for (const payload of payloads) {
    const sent = await callX<{ data: { dm_event_id: string } }>(channel.config, 'POST', `/2/dm_conversations/with/${encodeURIComponent(to)}/messages`, payload, deps);
    first ??= sent.data.dm_event_id;
  }
  return { providerMessageId: first ?? message.id };
}
