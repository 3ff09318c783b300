// Delivers one outbound message through the customer-service message API
// (POST /cgi-bin/message/custom/send): the renderer's messages (text, msgmenu, news) in order to
// the customer's OpenID, then attached files as links (media messages need an upload first).
// Allowed within 48 h of the customer's last message; outside it WeChat answers 45015.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import type { WeChatConfig } from './config';
import { postWithToken } from './official-api';
import { renderWeChat, type WeChatMessage } from './render';

export const CUSTOM_SEND_PATH = '/cgi-bin/message/custom/send';

export function wechatMessagesFor(message: OutboundMessage): WeChatMessage[] {
  const touser = message.recipient.externalId;
  const { payloads } = renderWeChat(contentMessageOf(message), { recipientId: touser, threadId: message.threadId, locale: message.locale });
  const links = message.attachments.filter((a) => a.url).map((a) => (a.name ? `${a.name}: ${a.url}` : a.url!));
  return links.length ? [...payloads, { touser, msgtype: 'text', text: { content: links.join('\n') } }] : payloads;
}

export async function sendWeChatMessage(message: OutboundMessage, channel: ChannelContext<WeChatConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let msgId: string | undefined;
  for (const body of wechatMessagesFor(message)) {
    const answer = (await postWithToken(channel.config, CUSTOM_SEND_PATH, body, deps)) as { msgid?: number | string };
    if (answer.msgid !== undefined) msgId = String(answer.msgid);
  }
  // The customer-service API answers {errcode: 0, errmsg: "ok"} without a message id.
  return { providerMessageId: msgId ?? message.id };
}
