// Sends one reply as X direct messages: the renderer's parts (text; choices as numbered text, files
// as links — v2 DMs have no buttons) to the customer's one-to-one conversation, in order.
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { contentMessageOf } from '../shared/outbound-content';
import type { XDmConfig } from './config';
import { renderXDm } from './render';
import { callX } from './x-api';

export async function sendXDirectMessage(message: OutboundMessage, channel: ChannelContext<XDmConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const to = message.recipient.externalId;
  const { payloads } = renderXDm(contentMessageOf(message), { recipientId: to, threadId: message.threadId });
  let first: string | undefined;
  for (const payload of payloads) {
    const sent = await callX<{ data: { dm_event_id: string } }>(channel.config, 'POST', `/2/dm_conversations/with/${encodeURIComponent(to)}/messages`, payload, deps);
    first ??= sent.data.dm_event_id;
  }
  return { providerMessageId: first ?? message.id };
}
