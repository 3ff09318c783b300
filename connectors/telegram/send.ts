// Delivers one outbound message to a Telegram chat: the renderer's requests (sendMessage with
// MarkdownV2 or an inline keyboard, sendPhoto, sendDocument, …) in order, then any attached files:
// by URL when Telegram can fetch it, uploaded as multipart/form-data when Parley stores the file (its
// download URL needs an agent's sign-in). One attempt; retries belong to the send activity.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { callBotApi } from './bot-api';
import { DEFAULT_TIMEOUT_MS, type TelegramConfig } from './config';
import { outboundFileName, outboundFilesOf, readOutboundFile } from '../shared/outbound-files';
import { renderTelegram, type TelegramRequest } from './render';

/** The chat to post in: the conversation's chat id (a group's, in a group), else the customer's own. */
const chatOf = (message: OutboundMessage) => (/^-?\d+$/.test(message.threadId) ? message.threadId : message.recipient.externalId);

/** Files the agent attached, after the content: images as photos, everything else as documents. */
function attachmentRequests(message: OutboundMessage, chat: string): TelegramRequest[] {
  return outboundFilesOf(message, 'telegram').map((f): TelegramRequest => (f.contentType.startsWith('image/')
    ? { method: 'sendPhoto', chat_id: chat, photo: f.path }
    : { method: 'sendDocument', chat_id: chat, document: f.path }));
}

export function telegramRequestsFor(message: OutboundMessage): TelegramRequest[] {
  const chat = chatOf(message);
  const { payloads } = renderTelegram(contentMessageOf(message), { recipientId: chat, threadId: message.threadId, locale: message.locale });
  return [...payloads, ...attachmentRequests(message, chat)];
}

/** A request whose file is a local path (a file Parley stores) goes as multipart with the file's bytes. */
async function withUpload(request: Omit<TelegramRequest, 'method'>, message: OutboundMessage, config: TelegramConfig, deps: ConnectorDeps): Promise<Record<string, unknown> | FormData> {
  const r = request as unknown as Record<string, unknown>;
  const files = outboundFilesOf(message, 'telegram').filter((f) => !/^https?:\/\//.test(f.path));
  const field = (['photo', 'document'] as const).find((k) => files.some((f) => f.path === r[k]));
  if (!field) return r;
  const file = files.find((f) => f.path === r[field])!;
  const form = new FormData();
  for (const [k, v] of Object.entries(r)) if (k !== field && v !== undefined) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const bytes = await readOutboundFile(file, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, deps, 'Telegram');
  form.set(field, new Blob([new Uint8Array(bytes)], { type: file.contentType }), outboundFileName(file));
  return form;
}

export async function sendTelegramMessage(message: OutboundMessage, channel: ChannelContext<TelegramConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let last: { message_id: number } | undefined;
  for (const { method, ...body } of telegramRequestsFor(message)) {
    last = await callBotApi<{ message_id: number }>(channel.config, method, await withUpload(body, message, channel.config, deps), deps);
  }
  return { providerMessageId: last ? String(last.message_id) : message.id };
}
