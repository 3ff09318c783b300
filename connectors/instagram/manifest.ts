// Instagram comments on a business account's posts and reels: public, plain text.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const instagramManifest: ChannelManifest = {
  type: 'instagram',
  displayName: 'Instagram',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your Instagram page administrator sets this channel up with your Parley administrator.',
    'Only Instagram business accounts can be connected.',
    "Some actions are limited by the Instagram API's functionality.",
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: {
      inbound: false,
      outbound: false,
      types: [],
      maxBytes: null,
      source: 'channels.md §7: comments are text.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §7: comment replies have no window.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §7 and §25 (comments are plain text)'),
    agentActions: [
      'reply to comments on your posts and reels',
      'hide or delete comments',
      'answer a commenter privately in Instagram Direct',
    ],
  },
};
