// LINE Official Account: replies with the webhook's short-lived reply token; the user must write first.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'channels.md §16e and §25 (LINE Messaging API)';

export const lineManifest: ChannelManifest = {
  type: 'line',
  displayName: 'LINE',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Connect a LINE Official Account channel (channel secret and access token).',
    "Push messages count against the plan's monthly message quota.",
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: {
      inbound: true,
      outbound: false,
      types: ['image/*', 'video/*', 'audio/*', 'application/*'],
      maxBytes: null,
      source: 'Product document: no support for sending attachments; inbound content is downloaded from the API.',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: 'channels.md §24: the user must add or message the account first; no 24 h rule, push is quota-limited.',
    },
    maxTextLength: 5000,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Buttons template linking to the hosted form' },
        quickReplies: { level: 'native', limits: { replies: 13, titleChars: 20 } },
        buttons: { level: 'native', limits: { buttons: 4, titleChars: 20 }, note: 'Buttons template.' },
        card: { level: 'native', limits: { buttonsPerCard: 4 }, note: 'Buttons template with a thumbnail, or a Flex bubble.' },
        carousel: {
          level: 'native',
          limits: { cards: 10, flexBubbles: 12, buttonsPerCard: 3 },
          note: 'Template carousel (≤10 columns) or Flex carousel (≤12 bubbles).',
        },
        richLink: { level: 'native', note: 'Flex bubble opening the URL' },
        listPicker: { level: 'native', limits: { items: 13 }, note: 'Flex bubble of tappable items' },
        timePicker: { level: 'degraded', limits: { slots: 13 }, note: 'Slots become quick replies (datetimepicker for free choice).' },
        attachment: { level: 'fallback', note: 'Sending attachments is not supported: sent as a link.' },
      },
      SOURCE,
    ),
    agentActions: ['receive and reply to direct messages (sending attachments is not supported)'],
  },
};
