// Facebook Messenger: Send API bodies `{recipient:{id}, messaging_type:'RESPONSE', message}`
// (channels.md §6d–e), built by the shared Meta renderer with Messenger's limits.
import type { ContentMessage } from '../../engine/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderMetaSend, type MetaSendBody, type MetaSendProfile } from '../shared/meta/send-api';

export const MESSENGER_LIMITS = {
  // Text message: ≤2000 characters (Send API; manifest maxTextLength).
  textChars: 2000,
  // channels.md §6e: button template text ≤640, 1–3 buttons; button titles ≤20.
  templateTextChars: 640,
  buttons: 3,
  buttonTitleChars: 20,
  // channels.md §6e: generic template ≤10 elements, each ≤3 buttons; element title/subtitle ≤80.
  elements: 10,
  elementTitleChars: 80,
  elementSubtitleChars: 80,
  // channels.md §6e: ≤13 quick replies; quick-reply title ≤20; payload ≤1000.
  quickReplies: 13,
  quickReplyTitleChars: 20,
  payloadChars: 1000,
  // Meta Send API attachments up to 25 MB (manifest attachments.maxBytes).
  attachmentBytes: 25 * 1024 * 1024,
} as const;

const profile: MetaSendProfile = { messagingType: true, ...MESSENGER_LIMITS };

export const MESSENGER_CHANNEL_LIMITS: ChannelLimits = {
  maxTextLength: MESSENGER_LIMITS.textChars,
  richContent: {
    buttons: { buttons: MESSENGER_LIMITS.buttons, textChars: MESSENGER_LIMITS.templateTextChars, titleChars: MESSENGER_LIMITS.buttonTitleChars },
    card: { buttonsPerCard: MESSENGER_LIMITS.buttons, titleChars: MESSENGER_LIMITS.elementTitleChars, subtitleChars: MESSENGER_LIMITS.elementSubtitleChars },
    carousel: {
      cards: MESSENGER_LIMITS.elements,
      buttonsPerCard: MESSENGER_LIMITS.buttons,
      titleChars: MESSENGER_LIMITS.elementTitleChars,
      subtitleChars: MESSENGER_LIMITS.elementSubtitleChars,
    },
    quickReplies: { replies: MESSENGER_LIMITS.quickReplies, titleChars: MESSENGER_LIMITS.quickReplyTitleChars, payloadChars: MESSENGER_LIMITS.payloadChars },
    listPicker: { items: MESSENGER_LIMITS.quickReplies, titleChars: MESSENGER_LIMITS.quickReplyTitleChars },
    timePicker: { slots: MESSENGER_LIMITS.quickReplies, titleChars: MESSENGER_LIMITS.quickReplyTitleChars },
  },
};

export function renderMessenger(message: ContentMessage, context: RenderContext): RenderResult<MetaSendBody> {
  return renderMetaSend(profile, message, context);
}
