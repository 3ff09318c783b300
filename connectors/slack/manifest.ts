// Slack app (Events API + Block Kit).
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'channels.md §21e and §25 (Block Kit)';

export const slackManifest: ChannelManifest = {
  type: 'slack',
  displayName: 'Slack',
  kind: 'collaboration',
  status: 'active',
  setupNotes: [
    'Install the Parley Slack app in the workspace and connect its bot token and signing secret.',
    'Non-Marketplace apps have strict history rate limits since 29 May 2025.',
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
      source: 'channels.md §21: shared files arrive on the message event; downloading needs the bot token.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'Slack has no messaging window.' },
    maxTextLength: 40000,
    richContent: declareRichContent(
      {
        markdown: { level: 'native', limits: { textChars: 3000 }, note: 'Section blocks in Slack mrkdwn' },
        html: { level: 'native', limits: { textChars: 3000 }, note: 'Section blocks in Slack mrkdwn' },
        buttons: { level: 'native', limits: { actions: 25, titleChars: 75, payloadChars: 2000, textChars: 3000 } },
        quickReplies: { level: 'native', limits: { actions: 25, titleChars: 75, payloadChars: 2000 }, note: 'Buttons.' },
        card: { level: 'native', note: 'Section with an image accessory and actions.' },
        carousel: { level: 'native', limits: { cards: 10 }, note: 'Carousel block.' },
        richLink: { level: 'native', note: 'Link unfurl.' },
        listPicker: { level: 'native', limits: { options: 100 }, note: 'static_select.' },
        timePicker: { level: 'degraded', limits: { options: 100 }, note: 'Slots as a static_select.' },
        form: { level: 'degraded', note: 'Input blocks in a modal opened from a button.' },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: [
      'answer technical-support questions that a customer sends through Slack',
      'send messages that include images',
    ],
  },
};
