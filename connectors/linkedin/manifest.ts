// LinkedIn company pages: comments and mentions on the page's content.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const linkedinManifest: ChannelManifest = {
  type: 'linkedin',
  displayName: 'LinkedIn',
  kind: 'social',
  status: 'active',
  setupNotes: [
    'Your LinkedIn administrator can set this channel up completely.',
    'Only LinkedIn company pages can be connected.',
    'Needs Community Management API access (approved webhook use case, or notification polling).',
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
      source: 'channels.md §10: attachments are not in the notification payload; replies are text.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §10: comments have no window.' },
    maxTextLength: null,
    richContent: declareRichContent({}, 'channels.md §10e (plain text, mentions via annotations)'),
    agentActions: ['reply to comments and mentions on company-page content'],
  },
};
