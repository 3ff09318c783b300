// Google Business Profile reviews (the product document's "Google Places"), polled.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const googleBusinessProfileManifest: ChannelManifest = {
  type: 'google-business-profile',
  displayName: 'Google Business Profile (Google Places)',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'API access must be requested from and approved by Google, and each location must be verified.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: { inbound: false, outbound: false, types: [], maxBytes: null, source: 'channels.md §14: text only.' },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §14: a review can be answered any time.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §14e (text only)'),
    agentActions: ['reply to Google reviews of your locations', 'update or delete a reply'],
  },
};
