// WhatsApp Business (Cloud API): 24 h customer-service window, approved templates outside it.
import { declareRichContent, SEED_MATRIX_SOURCE } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const MB = 1024 * 1024;
const INTERACTIVE = 'channels.md §8e (interactive reply buttons and list messages)';

export const whatsappManifest: ChannelManifest = {
  type: 'whatsapp',
  displayName: 'WhatsApp',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Connect a WhatsApp Business Account phone number (Cloud API).',
    'Contacting customers first needs their opt-in and an approved message template.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: true,
    attachments: {
      inbound: true,
      outbound: true,
      types: ['image/jpeg', 'image/png', 'video/mp4', 'video/3gpp', 'audio/*', 'application/*'],
      maxBytes: 100 * MB,
      maxBytesByType: { 'image/*': 5 * MB, 'video/*': 16 * MB, 'audio/*': 16 * MB, 'application/*': 100 * MB },
      maxPerMessage: 1,
      source: 'WhatsApp Cloud API supported media: images 5 MB, video and audio 16 MB, documents 100 MB.',
    },
    replyWindow: {
      hours: 24,
      outsideWindow: 'templates',
      source: 'channels.md §24: 24 h customer-service window; outside it or to initiate, approved templates only.',
    },
    maxTextLength: 4096,
    richContent: declareRichContent(
      {
        markdown: {
          level: 'native',
          note: 'Text message in WhatsApp formatting (links spelled out)',
          source: SEED_MATRIX_SOURCE,
        },
        html: { level: 'native', note: 'Text message in WhatsApp formatting (links spelled out)', source: SEED_MATRIX_SOURCE },
        buttons: {
          level: 'native',
          limits: { buttons: 3, titleChars: 20, payloadChars: 256, bodyChars: 1024, headerChars: 60, footerChars: 60 },
          note: 'Postback buttons → reply buttons; a single URL button → CTA URL message; call buttons only in templates.',
          source: `${SEED_MATRIX_SOURCE}; ${INTERACTIVE}`,
        },
        quickReplies: {
          level: 'native',
          limits: { replies: 10, buttons: 3, titleChars: 20, itemTitleChars: 24, bodyChars: 1024 },
          note: 'Up to 3 as reply buttons, up to 10 as list rows.',
          source: `${SEED_MATRIX_SOURCE}; ${INTERACTIVE}`,
        },
        listPicker: {
          level: 'native',
          limits: { items: 10, sections: 10, titleChars: 20, itemTitleChars: 24, itemDescriptionChars: 72, headerChars: 60, bodyChars: 1024, footerChars: 60 },
          note: 'List message; titleChars is the list button label.',
          source: `${SEED_MATRIX_SOURCE}; ${INTERACTIVE}`,
        },
        richLink: { level: 'native', note: 'Text with preview_url.', source: SEED_MATRIX_SOURCE },
        card: {
          level: 'degraded',
          limits: { buttonsPerCard: 3, titleChars: 60, bodyChars: 1024 },
          note: 'Interactive message with an image header and reply buttons.',
          source: INTERACTIVE,
        },
        carousel: {
          level: 'degraded',
          limits: { buttonsPerCard: 3 },
          note: 'One interactive message per card; media-card carousels exist only in templates.',
          source: 'channels.md §8e and §25',
        },
        timePicker: {
          level: 'degraded',
          limits: { slots: 10, itemTitleChars: 24 },
          note: 'No time picker: slots become a list message.',
          source: 'channels.md §8e',
        },
        form: { level: 'degraded', note: 'CTA URL message linking to the hosted form' },
        attachment: { level: 'native', source: 'channels.md §8' },
        template: { level: 'native', note: 'The only content allowed outside the 24 h window.', source: 'channels.md §8d' },
      },
      SEED_MATRIX_SOURCE,
    ),
    agentActions: [
      'receive and reply to direct messages, with or without attachments',
      'receive and reply to direct messages using text, images or both',
      'start contact with customers by sending approved outbound message templates',
    ],
  },
};
