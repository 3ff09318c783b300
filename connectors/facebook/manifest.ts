// A Facebook Page: posts, comments and reviews (recommendations) — public, social interactions.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const facebookManifest: ChannelManifest = {
  type: 'facebook',
  displayName: 'Facebook',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your Facebook Page administrator can set this channel up completely.',
    'Synchronisation with Facebook is near real time.',
    "The actions available to agents are limited by their channel permissions.",
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
      types: ['image/*'],
      maxBytes: null,
      maxPerMessage: 1,
      source: 'channels.md §5: comment attachments are fetched separately; a comment can attach one photo (unverified).',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §5: public comments and reviews have no window.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §5 and §25 (comments are plain text)'),
    agentActions: [
      'publish posts, reply to comments on those posts and see likes',
      "view and interact with visitors' posts on your wall",
      'delete or hide inappropriate content',
      'add notes on your Facebook wall',
      'interact with Facebook reviews given by customers',
    ],
  },
};
