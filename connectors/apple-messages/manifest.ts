// Apple Messages for Business via an MSP gateway: customer-initiated only, rich interactive bubbles.
import { declareRichContent, SEED_MATRIX_SOURCE } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const AMB_SOURCE = 'channels.md §18e (interactive messages)';

export const appleMessagesManifest: ChannelManifest = {
  type: 'apple-messages',
  displayName: 'Apple Messages for Business',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'An application process with Apple is required (Apple Business Register and a Messaging Service Provider).',
    'Once approved, your Parley team sets this channel up with your Apple Messages for Business administrator.',
    'This channel is only available to tenants in North America.',
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
      types: [],
      // Apple's MSP REST API (Text Message Type, "Attachments"): files up to 100 MB by default, any MIME type.
      maxBytes: 100 * 1024 * 1024,
      source: 'channels.md §18: attachments are uploaded and downloaded encrypted (AES-256-CTR) via the MSP gateway; Apple MSP REST API: up to 100 MB.',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: 'channels.md §24: customer-initiated only; no fixed window, but the customer can close the chat.',
    },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        richLink: { level: 'native', note: 'Also available to live agents.' },
        quickReplies: { level: 'native', limits: { replies: 5, minReplies: 2 } },
        listPicker: { level: 'native', note: 'Supports multiple selection.' },
        timePicker: { level: 'native' },
        form: { level: 'degraded', source: AMB_SOURCE, note: 'Rich link to the hosted form (the native forms payload is not in the reference)' },
        buttons: {
          level: 'degraded',
          limits: { buttons: 5 },
          note: 'Not in the product matrix: postback buttons become quick replies, URL buttons rich links.',
          source: AMB_SOURCE,
        },
        attachment: { level: 'degraded', source: 'channels.md §18', note: 'Rich link to the file (attachments need the encrypted upload through the MSP gateway)' },
      },
      SEED_MATRIX_SOURCE,
    ),
    agentActions: [
      'receive and reply to direct messages using text, images or both',
      'send messages with or without attachments',
      'use Apple plug-ins (iMessage apps)',
      'create and use interactive message templates for things like scheduling appointments and taking payments',
    ],
  },
};
