// Apple App Store customer reviews, polled; responses are moderated by Apple before they show.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const appStoreManifest: ChannelManifest = {
  type: 'app-store',
  displayName: 'Apple App Store',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Any user with access to the Apple App Store settings can set this channel up completely.',
    'Responses are moderated by Apple (pending, then published).',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: { inbound: false, outbound: false, types: [], maxBytes: null, source: 'channels.md §15: text only.' },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §15: a review can be answered any time.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §15 (text only)'),
    agentActions: ['respond to App Store customer reviews'],
  },
};
