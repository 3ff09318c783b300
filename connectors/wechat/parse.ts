// Turns a verified WeChat message POST into normalized inbound events (plain mode): text (a
// msgmenu tap, which carries bizmsgmenuid, is a postback), image, voice (with WeChat's speech
// recognition when on), video, location and link messages. Events (subscribe, menu clicks, …)
// and kinds Parley does not handle are skipped. The OpenID is both the sender and the thread.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import { indexToken } from '../shared/answer/resolve-answer';
import type { WeChatConfig } from './config';
import { FlatXmlError, readFlatXml } from './flat-xml';
import { wechatMediaRef } from './media-download';
import { wechatMessageSchema, type WeChatInboundMessage } from './wire-format';

/** WeChat numbers messages with MsgId (unique per account); a retried POST repeats it. */
export const wechatEventId = (msgId: string) => `wechat:${msgId}`;

export function readWeChatMessage(body: Buffer): WeChatInboundMessage {
  let fields: Record<string, string>;
  try {
    fields = readFlatXml(body.toString('utf8'));
  } catch (err) {
    if (err instanceof FlatXmlError) throw new PayloadError('The body is not WeChat message XML.', [{ path: '(body)', message: err.message }]);
    throw err;
  }
  const parsed = wechatMessageSchema.safeParse(fields);
  if (!parsed.success) throw new PayloadError('The body is not a WeChat message.', zodIssues(parsed.error, 'xml'));
  return parsed.data;
}

/** Where the file is fetched from when an agent opens it: the MediaId, else a public link. */
const mediaUrl = (m: WeChatInboundMessage, fallback?: string): { url?: string } =>
  m.MediaId ? { url: wechatMediaRef(m.MediaId) } : fallback ? { url: fallback } : {};

function contentOf(m: WeChatInboundMessage): { text: string; attachments: InboundAttachment[] } | null {
  switch (m.MsgType) {
    case 'text':
      return { text: m.Content ?? '', attachments: [] };
    case 'image':
      // MediaId (3 days) is downloaded with the access token (media-download.ts); PicUrl, a public
      // link WeChat gives for a while, only when there is no MediaId.
      return { text: '', attachments: [{ mime: 'image/jpeg', ...mediaUrl(m, m.PicUrl), name: `image-${m.MediaId ?? m.MsgId}.jpg` }] };
    case 'voice': {
      const format = (m.Format ?? 'amr').toLowerCase();
      return { text: m.Recognition ?? '', attachments: [{ mime: format === 'speex' ? 'audio/speex' : `audio/${format}`, ...mediaUrl(m), name: `voice-${m.MediaId ?? m.MsgId}.${format}` }] };
    }
    case 'video':
    case 'shortvideo':
      return { text: '', attachments: [{ mime: 'video/mp4', ...mediaUrl(m), name: `video-${m.MediaId ?? m.MsgId}.mp4` }] };
    case 'location':
      return { text: [m.Label, m.Location_X && m.Location_Y ? `(${m.Location_X}, ${m.Location_Y})` : undefined].filter(Boolean).join(' '), attachments: [] };
    case 'link':
      return { text: [m.Title, m.Description, m.Url].filter(Boolean).join('\n'), attachments: [] };
    default:
      return null; // event pushes and anything new
  }
}

export function parseWeChatRequest(req: RawRequest, _channel?: ChannelContext<WeChatConfig>): InboundEvent[] {
  const m = readWeChatMessage(req.body);
  if (m.MsgType === 'event' || !m.MsgId) return [];
  const content = contentOf(m);
  if (!content || (!content.text.trim() && content.attachments.length === 0)) return [];
  const base = {
    eventId: wechatEventId(m.MsgId),
    providerMessageId: m.MsgId,
    threadId: m.FromUserName,
    sender: { externalId: m.FromUserName },
    occurredAt: Number(m.CreateTime) * 1000,
    raw: m,
  };
  // A tapped msgmenu option arrives as text with the menu id Parley gave it: the option's number.
  if (m.MsgType === 'text' && m.bizmsgmenuid && /^\d+$/.test(m.bizmsgmenuid)) {
    return [{ kind: 'postback', ...base, payload: indexToken(Number(m.bizmsgmenuid)), text: content.text }];
  }
  return [{ kind: 'message', ...base, ...content }];
}
