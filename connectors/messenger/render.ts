// Facebook Messenger: Send API bodies `{recipient:{id}, messaging_type:'RESPONSE', message}`
// (channels.md §6d–e), built by the shared Meta renderer with Messenger's limits.
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderMetaSend, type MetaSendBody, type MetaSendProfile } from '../shared/meta/send-api';
import { META_SEND_LIMITS } from '../shared/meta/template-limits';

export const MESSENGER_LIMITS = {
  ...META_SEND_LIMITS,
  // Text message: ≤2000 characters (Send API; manifest maxTextLength).
  textChars: 2000,
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
