// YouTube: comments on the channel's videos, polled hourly.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const youtubeManifest: ChannelManifest = {
  type: 'youtube',
  displayName: 'YouTube',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your YouTube account administrator can set this channel up completely.',
    'The 20 most recent videos and the 20 most recent comments are synchronised every hour.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: true,
    proactiveOutbound: false,
    attachments: {
      inbound: false,
      outbound: false,
      types: [],
      maxBytes: null,
      source: 'channels.md §11: comments are text.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §11: comment replies have no window.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §11e (plain text)'),
    agentActions: ['publish and interact with public content on your accounts', 'reply to and moderate comments'],
  },
};
