// X (Twitter) direct messages: text plus one media item.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const xDmManifest: ChannelManifest = {
  type: 'x-dm',
  displayName: 'X (Twitter) direct messages',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Your X account administrator sets this channel up with your Parley administrator.',
    'Synchronisation with X is near real time.',
    'Each channel needs a default flow and a default skill, chosen when it is created.',
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
      types: ['image/*', 'video/*'],
      maxBytes: null,
      maxPerMessage: 1,
      source: 'channels.md §9d: one attachment (media_id) per DM.',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: "channels.md §24: no hard window; DMs reach only users whose DM settings allow them.",
    },
    maxTextLength: 10000,
    richContent: declareRichContent(
      {
        attachment: { level: 'fallback', note: 'Sent as a link for now: X takes one media item per DM, but it needs a media_id from an upload, which the X connector will do.' },
      },
      'channels.md §9e: v2 DMs are text plus one media item; buttons fall back to text',
    ),
    agentActions: ['send and receive direct messages, with or without attachments'],
  },
};
