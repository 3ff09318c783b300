// SMS (Twilio Programmable Messaging): plain text in the `Body` form field, split at Twilio's limit;
// attachments go as MMS `MediaUrl`s to North American numbers, where carriers deliver MMS.
// The connector adds `From` / `MessagingServiceSid` from the channel config.
import { contentBlocks, type AttachmentBlock, type ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderTextOnly } from '../shared/render/text-only';

export const SMS_LIMITS = {
  // channels.md §3d: Body ≤1600 characters.
  maxTextLength: 1600,
  // channels.md §3d: MediaUrl repeatable, ≤10 per message, ≤5 MB each; MMS in the US and Canada.
  mediaPerMessage: 10,
  mediaBytes: 5 * 1024 * 1024,
} as const;

export const SMS_CHANNEL_LIMITS: ChannelLimits = { maxTextLength: SMS_LIMITS.maxTextLength, richContent: {} };

/** Twilio `POST /Messages.json` form fields (MediaUrl is repeated once per URL). */
export interface TwilioMessageBody {
  To: string;
  Body: string;
  MediaUrl?: string[];
}

// NANP numbers (+1): the US and Canada, where the reference says MMS is delivered.
const isNorthAmerican = (phone: string) => /^\+1\d{10}$/.test(phone);

export function renderSms(message: ContentMessage, context: RenderContext): RenderResult<TwilioMessageBody> {
  const result = renderTextOnly(message, context, {
    maxChars: SMS_LIMITS.maxTextLength,
    overflow: 'split',
    what: 'SMS Body',
    payload: (text, ctx): TwilioMessageBody => ({ To: ctx.recipientId, Body: text }),
  });
  if (!isNorthAmerican(context.recipientId)) return result;
  // MMS: media that fits Twilio's limits rides on the first message; the text keeps its link too.
  const blocks = contentBlocks(message);
  const media: string[] = [];
  blocks.forEach((block, index) => {
    if (block.type !== 'attachment' || !fitsMms(block) || media.length >= SMS_LIMITS.mediaPerMessage) return;
    media.push(block.url);
    result.report[index] = { ...result.report[index], outcome: 'native', detail: 'MMS MediaUrl (North American number); the text also links it' };
  });
  if (media.length > 0) result.payloads[0] = { ...result.payloads[0], MediaUrl: media };
  return result;
}

function fitsMms(block: AttachmentBlock): boolean {
  return block.size === undefined || block.size <= SMS_LIMITS.mediaBytes;
}
