// X (Twitter) posts: mentions and replies to the organisation's account — public, text plus media.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const xManifest: ChannelManifest = {
  type: 'x',
  displayName: 'X (Twitter)',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your X account administrator sets this channel up with your Parley administrator.',
    'Synchronisation with X is near real time (Account Activity webhooks; Enterprise or Pay-Per-Use access).',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: true,
    proactiveOutbound: false,
    attachments: {
      inbound: true,
      outbound: true,
      types: ['image/*', 'video/*'],
      maxBytes: null,
      maxPerMessage: 4,
      source: 'X posts carry up to 4 images or one video.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §9: public posts have no window.' },
    maxTextLength: 280,
    richContent: declareRichContent(
      {
        attachment: { level: 'fallback', note: 'Sent as a link for now: media on a post needs a media_id from an upload, which the X connector will do.' },
      },
      'channels.md §9e and §25 (text plus media)',
    ),
    agentActions: ['post on behalf of your organisation, with or without a username, and interact with related replies'],
  },
};
