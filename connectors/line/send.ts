// Delivers one outbound message to LINE: the renderer's requests (≤5 message objects each) in order.
// The first goes as a reply when the engine hands a fresh reply token (free of quota); otherwise,
// and when LINE no longer takes the token, everything is pushed with an X-Line-Retry-Key derived
// from Parley's message id, so a retried push after a lost answer is not delivered twice. LINE
// cannot send files: attached files go as links. One attempt; retries belong to the send activity.
import { createHash } from 'node:crypto';
import { contentMessageOf } from '../shared/outbound-content';
import { chunk } from '../shared/render/chunk';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import type { LineConfig } from './config';
import { callLineApi } from './messaging-api';
import { LINE_LIMITS, renderLine, type LineMessage, type LineRequest } from './render';

/** Reply tokens are single-use and expire about a minute after the event (about 30 s observed): use one only this fresh. */
export const REPLY_TOKEN_FRESH_MS = 25_000;

/** What the engine knows of the latest inbound event (OutboundMessage.context.line). */
export interface LineReplyContext {
  replyToken?: string;
  /** When the event carrying the token arrived (ms since epoch). */
  receivedAt?: number;
}

type SentMessages = { sentMessages?: { id: string }[] };

/** The chat to post in: a group (C…) or room (R…) the account is in, else the user's one-to-one chat. */
const targetOf = (message: OutboundMessage) => (/^[CR][0-9a-f]{32}$/.test(message.threadId) ? message.threadId : message.recipient.externalId);

/** LINE wants a UUID as X-Line-Retry-Key: one per push request, stable across attempts of the same message. */
export function lineRetryKey(messageId: string, request: number): string {
  const hex = createHash('sha256').update(`${messageId}#${request}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function freshReplyToken(message: OutboundMessage, now: number): string | undefined {
  const line = message.context?.line as LineReplyContext | undefined;
  if (!line?.replyToken || line.receivedAt === undefined) return undefined;
  return now - line.receivedAt < REPLY_TOKEN_FRESH_MS ? line.replyToken : undefined;
}

export function lineRequestsFor(message: OutboundMessage, now: number): LineRequest[] {
  const to = targetOf(message);
  const { payloads } = renderLine(contentMessageOf(message), { recipientId: to, threadId: message.threadId, locale: message.locale, replyToken: freshReplyToken(message, now) });
  const links: LineMessage[] = message.attachments.filter((a) => a.url).map((a) => ({ type: 'text', text: a.name ? `${a.name}: ${a.url}` : a.url! }));
  return [...payloads, ...chunk(links, LINE_LIMITS.messagesPerRequest).map((messages) => ({ to, messages }))];
}

async function push(channel: ChannelContext<LineConfig>, body: { to: string; messages: LineMessage[] }, retryKey: string, deps: ConnectorDeps) {
  // 409 with a retry key: LINE already accepted this very request (an earlier attempt whose answer was lost).
  const answer = await callLineApi<SentMessages>(channel.config, { method: 'POST', path: '/v2/bot/message/push', body, headers: { 'x-line-retry-key': retryKey } }, deps, [409]);
  return answer.json?.sentMessages?.at(-1)?.id ?? answer.headers.get('x-line-accepted-request-id') ?? undefined;
}

export async function sendLineMessage(message: OutboundMessage, channel: ChannelContext<LineConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const to = targetOf(message);
  let last: string | undefined;
  const requests = lineRequestsFor(message, deps.now());
  for (const [i, request] of requests.entries()) {
    if ('replyToken' in request) {
      try {
        const answer = await callLineApi<SentMessages>(channel.config, { method: 'POST', path: '/v2/bot/message/reply', body: request }, deps);
        last = answer.json?.sentMessages?.at(-1)?.id ?? last;
        continue;
      } catch (err) {
        // The token expired or was used: the same messages are pushed instead.
        if (!(err instanceof SendError && err.status === 400 && /reply ?token/i.test(err.message))) throw err;
      }
    }
    last = (await push(channel, { to, messages: request.messages }, lineRetryKey(message.id, i), deps)) ?? last;
  }
  return { providerMessageId: last ?? message.id };
}
