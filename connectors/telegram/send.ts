// Delivers one outbound message to a Telegram chat: the renderer's requests (sendMessage with
// MarkdownV2 or an inline keyboard, sendPhoto, sendDocument, …) in order, then any attached files
// by URL. One attempt; retries belong to the send activity, which reads SendError.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { callBotApi } from './bot-api';
import type { TelegramConfig } from './config';
import { renderTelegram, type TelegramRequest } from './render';

/** The chat to post in: the conversation's chat id (a group's, in a group), else the customer's own. */
const chatOf = (message: OutboundMessage) => (/^-?\d+$/.test(message.threadId) ? message.threadId : message.recipient.externalId);

/** Files the agent attached, after the content: images as photos, everything else as documents. */
function attachmentRequests(message: OutboundMessage, chat: string): TelegramRequest[] {
  return message.attachments.filter((a) => a.url).map((a): TelegramRequest => (a.mime.startsWith('image/')
    ? { method: 'sendPhoto', chat_id: chat, photo: a.url! }
    : { method: 'sendDocument', chat_id: chat, document: a.url! }));
}

export function telegramRequestsFor(message: OutboundMessage): TelegramRequest[] {
  const chat = chatOf(message);
  const { payloads } = renderTelegram(contentMessageOf(message), { recipientId: chat, threadId: message.threadId });
  return [...payloads, ...attachmentRequests(message, chat)];
}

export async function sendTelegramMessage(message: OutboundMessage, channel: ChannelContext<TelegramConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let last: { message_id: number } | undefined;
  for (const { method, ...body } of telegramRequestsFor(message)) {
    last = await callBotApi<{ message_id: number }>(channel.config, method, body, deps);
  }
  return { providerMessageId: last ? String(last.message_id) : message.id };
}
