// Telegram bot: the user must start the bot; afterwards there is no window.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const MB = 1024 * 1024;
const SOURCE = 'channels.md §17e and §25 (Telegram Bot API)';

export const telegramManifest: ChannelManifest = {
  type: 'telegram',
  displayName: 'Telegram',
  kind: 'messaging',
  status: 'active',
  setupNotes: ['Create a bot with @BotFather and connect its token; the webhook is registered with a secret token.'],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: {
      inbound: true,
      outbound: true,
      types: [],
      maxBytes: 50 * MB,
      maxPerMessage: 1,
      source: 'Telegram Bot API: files up to 50 MB; captions ≤1024 characters.',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: 'channels.md §24: a bot cannot start a chat; no time window afterwards.',
    },
    maxTextLength: 4096,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Text with a URL button to the hosted form' },
        markdown: { level: 'native', note: 'MarkdownV2 text' },
        html: { level: 'native', note: 'MarkdownV2 text' },
        buttons: { level: 'native', limits: { payloadBytes: 64 }, note: 'Inline keyboard (callback or URL buttons).' },
        quickReplies: { level: 'native', note: 'One-time reply keyboard.' },
        card: { level: 'native', note: 'Photo with caption and an inline keyboard' },
        carousel: { level: 'degraded', note: 'No native carousel: one message per card.' },
        richLink: { level: 'native', note: 'Text with a link preview.' },
        listPicker: { level: 'degraded', limits: { payloadBytes: 64 }, note: 'Inline keyboard, one button per item.' },
        timePicker: { level: 'degraded', limits: { payloadBytes: 64 }, note: 'Inline keyboard, one button per slot.' },
        attachment: { level: 'native', limits: { captionChars: 1024 } },
      },
      SOURCE,
    ),
    agentActions: ['receive and reply to direct messages, with or without attachments'],
  },
};
