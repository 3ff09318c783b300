// Instagram Direct: private messages to a business account, under the Messenger Platform policy.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'channels.md §7 (Instagram messaging) and §25';

export const instagramDirectManifest: ChannelManifest = {
  type: 'instagram-direct',
  displayName: 'Instagram Direct',
  // The product document lists Instagram Direct as a social channel.
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your Instagram page administrator can set this channel up completely.',
    'Only Instagram business accounts can be connected.',
    'In Instagram, the privacy setting "Allow access to messages" must be on for the connected account.',
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
      types: ['image/*', 'video/*', 'audio/*'],
      maxBytes: null,
      maxPerMessage: 1,
      source: 'channels.md §7: image, video, audio, shares and story mentions arrive; one attachment per message out.',
    },
    replyWindow: {
      hours: 24,
      humanAgentHours: 168,
      outsideWindow: 'tagged',
      source: 'channels.md §24: Messenger Platform policy, 24 h; HUMAN_AGENT tag 7 days.',
    },
    maxTextLength: 1000,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Button template linking to the hosted form' },
        quickReplies: { level: 'native', limits: { replies: 13, titleChars: 20 }, note: 'Text quick replies only.' },
        buttons: { level: 'native', limits: { buttons: 3 }, note: 'Button template; not shown on Instagram web.' },
        card: { level: 'native', limits: { buttonsPerCard: 3 }, note: 'Generic template with one element.' },
        carousel: { level: 'native', limits: { cards: 10, buttonsPerCard: 3 }, note: 'Generic template.' },
        richLink: { level: 'native', note: 'Generic template element opening the URL' },
        listPicker: { level: 'native', limits: { items: 13, titleChars: 20 }, note: 'Heading text, then a generic-template carousel with one element and select button per item' },
        timePicker: { level: 'degraded', limits: { slots: 13, titleChars: 20 }, note: 'Slots become quick replies.' },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: [
      'receive and reply to direct messages',
      'send and receive images, video and audio',
      'reply up to seven days after the customer’s last message (human agent tag)',
    ],
  },
};
