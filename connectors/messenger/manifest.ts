// Facebook Messenger: private conversations with a Page, under Meta's 24 h / HUMAN_AGENT 7-day policy.
import { declareRichContent, SEED_MATRIX_SOURCE } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const MB = 1024 * 1024;
const MESSENGER_SOURCE = 'channels.md §6 (Messenger Send API)';

export const messengerManifest: ChannelManifest = {
  type: 'messenger',
  displayName: 'Facebook Messenger',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Your Facebook Page administrator can set this channel up completely.',
    'Synchronisation with Facebook is near real time.',
    'Each channel needs a default flow and a default skill, chosen when it is created.',
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
      types: ['image/*', 'video/*', 'audio/*', 'application/*'],
      maxBytes: 25 * MB,
      maxPerMessage: 1,
      source: 'Meta Send API: one attachment per message, up to 25 MB.',
    },
    replyWindow: {
      hours: 24,
      humanAgentHours: 168,
      outsideWindow: 'tagged',
      source: 'channels.md §24: 24 h standard window; HUMAN_AGENT tag lets a human reply up to 7 days.',
    },
    maxTextLength: 2000,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Button template linking to the hosted form' },
        buttons: {
          level: 'native',
          limits: { buttons: 3, textChars: 640, titleChars: 20 },
          note: 'Button template: postback, web_url and phone_number buttons.',
          source: SEED_MATRIX_SOURCE,
        },
        card: {
          level: 'native',
          limits: { buttonsPerCard: 3, titleChars: 80, subtitleChars: 80 },
          note: 'Generic template with one element.',
          source: SEED_MATRIX_SOURCE,
        },
        carousel: {
          level: 'native',
          limits: { cards: 10, buttonsPerCard: 3, titleChars: 80, subtitleChars: 80 },
          note: 'Generic template.',
          source: MESSENGER_SOURCE,
        },
        richLink: {
          level: 'native',
          note: 'Generic template element with the image and a default URL action.',
          source: SEED_MATRIX_SOURCE,
        },
        quickReplies: {
          level: 'native',
          limits: { replies: 13, titleChars: 20, payloadChars: 1000 },
          source: SEED_MATRIX_SOURCE,
        },
        listPicker: {
          level: 'native',
          limits: { items: 13, titleChars: 20 },
          note: 'Heading text, then a generic-template carousel with one element and select button per item',
          source: `${SEED_MATRIX_SOURCE}; ${MESSENGER_SOURCE}`,
        },
        timePicker: {
          level: 'degraded',
          limits: { slots: 13, titleChars: 20 },
          note: 'No native time picker: slots become quick replies.',
          source: MESSENGER_SOURCE,
        },
        attachment: { level: 'native', note: 'Attachment message (image, video, audio, file).', source: MESSENGER_SOURCE },
        template: { level: 'fallback', note: 'WhatsApp templates do not exist here; out of window use the HUMAN_AGENT tag.' },
      },
      SEED_MATRIX_SOURCE,
    ),
    agentActions: [
      'send, receive and reply to direct messages, with or without attachments',
      'receive and reply to direct messages using text, images or both',
      'reply up to seven days after the customer’s last message (conversations are tagged as human agent)',
    ],
  },
};
