// Delivers one outbound message through the customer-service message API
// (POST /cgi-bin/message/custom/send): the renderer's messages (text, msgmenu, news) in order to
// the customer's OpenID, then the attached images and voice as image / voice messages of uploaded
// media (media-upload.ts), then any other files as one text message of links.
// Allowed within 48 h of the customer's last message; outside it WeChat answers 45015.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import type { WeChatConfig } from './config';
import { uploadWeChatMedia, wechatFilesOf } from './media-upload';
import { postWithToken } from './official-api';
import { renderWeChat, type WeChatMessage } from './render';

export const CUSTOM_SEND_PATH = '/cgi-bin/message/custom/send';

/** The rendered content's messages (without the files). */
export function wechatMessagesFor(message: OutboundMessage): WeChatMessage[] {
  const touser = message.recipient.externalId;
  return renderWeChat(contentMessageOf(message), { recipientId: touser, threadId: message.threadId, locale: message.locale }).payloads;
}

export async function sendWeChatMessage(message: OutboundMessage, channel: ChannelContext<WeChatConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const touser = message.recipient.externalId;
  const files = wechatFilesOf(message, channel.config, deps);
  // Every file is uploaded before anything is sent: a failed upload leaves the customer with nothing half-sent.
  const media: WeChatMessage[] = [];
  for (const file of files) {
    if (file.kind !== 'media') continue;
    const mediaId = await uploadWeChatMedia(file, channel.config, deps);
    media.push(file.type === 'image' ? { touser, msgtype: 'image', image: { media_id: mediaId } } : { touser, msgtype: 'voice', voice: { media_id: mediaId } });
  }
  const links = files.flatMap((f) => (f.kind === 'link' ? [f.text] : []));
  const bodies = [...wechatMessagesFor(message), ...media, ...(links.length ? [{ touser, msgtype: 'text' as const, text: { content: links.join('\n') } }] : [])];
  let msgId: string | undefined;
  for (const body of bodies) {
    const answer = (await postWithToken(channel.config, CUSTOM_SEND_PATH, body, deps)) as { msgid?: number | string };
    if (answer.msgid !== undefined) msgId = String(answer.msgid);
  }
  // The customer-service API answers {errcode: 0, errmsg: "ok"} without a message id.
  return { providerMessageId: msgId ?? message.id };
}
