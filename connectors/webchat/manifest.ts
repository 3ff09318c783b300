// Parley's own web chat widget: the reference renderer for the neutral content model.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'product document matrix (DFO chat) and channels.md §1 (own widget renders everything)';

export const webchatManifest: ChannelManifest = {
  type: 'webchat',
  displayName: 'Web chat',
  kind: 'chat',
  status: 'active',
  inbound: 'widget',
  connectFrom: 'websites',
  setupNotes: [
    'Embed the widget on your site; identified visitors are verified with an HMAC of their user id or a short-lived JWT.',
    'When the visitor is offline, replies fall back to an email notification.',
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
      types: [],
      maxBytes: null,
      source: 'channels.md §1: uploads go to Parley storage; the limit is a deployment setting.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §1: no messaging window.' },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        markdown: { level: 'native' },
        html: { level: 'native', note: 'Sanitised before display.' },
        buttons: { level: 'native' },
        card: { level: 'native' },
        carousel: { level: 'native' },
        richLink: { level: 'native' },
        quickReplies: { level: 'native' },
        listPicker: { level: 'native', note: 'Beyond the product matrix (not on DFO chat): the widget renders it.' },
        timePicker: { level: 'native', note: 'Beyond the product matrix (not on DFO chat): the widget renders it.' },
        adaptiveCard: { level: 'native' },
        form: { level: 'native' },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: [
      'chat with website visitors in real time',
      'send and receive attachments',
      'send rich content: buttons, cards, quick replies, forms and Adaptive Cards',
    ],
  },
};
