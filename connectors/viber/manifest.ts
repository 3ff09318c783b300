// Viber bot: a user message opens a 24 h session; bot-initiated messages outside it are billed.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const MB = 1024 * 1024;
const SOURCE = 'channels.md §19e and §25 (keyboard, rich_media)';

export const viberManifest: ChannelManifest = {
  type: 'viber',
  displayName: 'Viber',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Connect a Viber bot token; bots created since 5 February 2024 pay a monthly fee plus per-message fees.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: {
      inbound: true,
      outbound: true,
      types: ['image/jpeg', 'image/png', 'image/gif', 'video/mp4', 'application/*'],
      maxBytes: 50 * MB,
      maxBytesByType: { 'image/*': 1 * MB, 'video/*': 26 * MB, 'application/*': 50 * MB },
      maxPerMessage: 1,
      source: 'Viber REST API send_message: picture ≤1 MB, video ≤26 MB, file ≤50 MB.',
    },
    replyWindow: {
      hours: 24,
      outsideWindow: 'anything',
      source: 'channels.md §24: 24 h session from the last user message; messages outside it are billable.',
    },
    maxTextLength: 7000,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Text with a keyboard button opening the hosted form' },
        buttons: { level: 'native', note: 'Keyboard buttons (reply or open-url).' },
        quickReplies: { level: 'native', note: 'Keyboard.' },
        card: { level: 'native', note: 'rich_media with one item.' },
        carousel: { level: 'native', limits: { cards: 6 }, note: 'rich_media ButtonsGroups (≤6 items, unverified).' },
        richLink: { level: 'native', note: 'rich_media item opening the URL' },
        listPicker: { level: 'degraded', note: 'Keyboard, one button per item.' },
        timePicker: { level: 'degraded', note: 'Keyboard, one button per slot.' },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: ['receive and reply to direct messages'],
  },
};
