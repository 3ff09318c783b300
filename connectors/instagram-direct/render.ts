// Instagram Direct: the Messenger Platform Send API `{recipient:{id:IGSID}, message}` (channels.md
// §7d–e), built by the shared Meta renderer with Instagram's limits. No messaging_type.
import type { ContentMessage } from '../../model/content/model';
import type { ChannelLimits, RenderContext, RenderResult } from '../render';
import { renderMetaSend, type MetaSendBody, type MetaSendProfile } from '../shared/meta/send-api';
import { META_SEND_LIMITS } from '../shared/meta/template-limits';

export const INSTAGRAM_DIRECT_LIMITS = {
  ...META_SEND_LIMITS,
  // Instagram DM text ≤1000 characters (manifest maxTextLength; Chatwoot's per-channel limits).
  textChars: 1000,
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
