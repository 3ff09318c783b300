// Instagram Direct: the Messenger Platform Send API `{recipient:{id:IGSID}, message}` (channels.md
// §7d–e), built by the shared Meta renderer with Instagram's limits. No messaging_type.
import type { ContentMessage } from '../../engine/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderMetaSend, type MetaSendBody, type MetaSendProfile } from '../shared/meta/send-api';

export const INSTAGRAM_DIRECT_LIMITS = {
  // Instagram DM text ≤1000 characters (manifest maxTextLength; Chatwoot's per-channel limits).
  textChars: 1000,
  // channels.md §7e: button template ≤3 buttons; Meta's template limits (text ≤640, titles ≤20).
  templateTextChars: 640,
  buttons: 3,
  buttonTitleChars: 20,
  // channels.md §7e: generic template ≤10 elements; Meta's element title/subtitle ≤80.
  elements: 10,
  elementTitleChars: 80,
  elementSubtitleChars: 80,
  // channels.md §7e: quick replies ≤13, text only, title ≤20.
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  // Meta Send API attachments up to 25 MB.
  attachmentBytes: 25 * 1024 * 1024,
} as const;

const profile: MetaSendProfile = { messagingType: false, ...INSTAGRAM_DIRECT_LIMITS };

export const INSTAGRAM_DIRECT_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: INSTAGRAM_DIRECT_LIMITS.textChars,
  richContent: {
    quickReplies: { replies: INSTAGRAM_DIRECT_LIMITS.quickReplies, titleChars: INSTAGRAM_DIRECT_LIMITS.quickReplyTitleChars },
    buttons: { buttons: INSTAGRAM_DIRECT_LIMITS.buttons, titleChars: INSTAGRAM_DIRECT_LIMITS.buttonTitleChars },
    card: { buttonsPerCard: INSTAGRAM_DIRECT_LIMITS.buttons },
    carousel: { cards: INSTAGRAM_DIRECT_LIMITS.elements, buttonsPerCard: INSTAGRAM_DIRECT_LIMITS.buttons },
    listPicker: { items: INSTAGRAM_DIRECT_LIMITS.quickReplies, titleChars: INSTAGRAM_DIRECT_LIMITS.quickReplyTitleChars },
    timePicker: { slots: INSTAGRAM_DIRECT_LIMITS.quickReplies, titleChars: INSTAGRAM_DIRECT_LIMITS.quickReplyTitleChars },
  },
};

export function renderInstagramDirect(message: ContentMessage, context: RenderContext): RenderResult<MetaSendBody> {
  return renderMetaSend(profile, message, context);
}
