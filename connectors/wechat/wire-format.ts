// WeChat's inbound message XML (channels.md §22c; developers.weixin.qq.com "Receiving standard
// messages" / "Receiving event pushes"), read into flat fields and checked with zod. Loose: WeChat
// adds fields (MsgDataId, Idx, …), and unknown ones must not fail a webhook.
import { z } from 'zod';

const numeric = (what: string) => z.string({ error: `${what} is required` }).regex(/^\d+$/, `${what} must be a number`);

export const wechatMessageSchema = z.looseObject({
  ToUserName: z.string({ error: 'ToUserName is required: the body is not a WeChat message' }),
  FromUserName: z.string({ error: 'FromUserName is required: the sender\'s OpenID' }).min(1),
  CreateTime: numeric('CreateTime'),
  MsgType: z.string({ error: 'MsgType is required' }),
  MsgId: z.string().regex(/^\d+$/, 'MsgId must be a number').optional(),
  Content: z.string().optional(),
  bizmsgmenuid: z.string().optional(),
  PicUrl: z.string().optional(),
  MediaId: z.string().optional(),
  Format: z.string().optional(),
  Recognition: z.string().optional(),
  ThumbMediaId: z.string().optional(),
  Location_X: z.string().optional(),
  Location_Y: z.string().optional(),
  Label: z.string().optional(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  Url: z.string().optional(),
  Event: z.string().optional(),
});

export type WeChatInboundMessage = z.output<typeof wechatMessageSchema>;

/** Every WeChat API answer carries errcode (0 = success) and errmsg; the token call adds its fields. */
export interface WeChatApiAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}
