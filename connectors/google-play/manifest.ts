// Google Play reviews of your apps, polled; agents answer with a public developer reply.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const googlePlayManifest: ChannelManifest = {
  type: 'google-play',
  displayName: 'Google Play',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Needs a service account with the "Reply to reviews" permission in the Play Console.',
    'Only production reviews with text from about the last 7 days are available; they are polled hourly.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: { inbound: false, outbound: false, types: [], maxBytes: null, source: 'channels.md §13: text only.' },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §13: a review can be answered any time.' },
    maxTextLength: 350,
    richContent: declareRichContent({}, 'channels.md §13e (text only)'),
    agentActions: ['reply to Google Play reviews', 'edit the developer reply to a review'],
  },
};
