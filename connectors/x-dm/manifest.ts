// X (Twitter) direct messages: text plus one media item (an image, an animated GIF or a video).
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';
import { X_DM_MAX_BYTES, X_DM_MAX_BYTES_BY_TYPE, X_DM_MEDIA_TYPES } from './media-kinds';

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
      // Only what X's media upload takes for DMs (media-kinds.ts): a PDF or audio file is refused on upload.
      types: X_DM_MEDIA_TYPES,
      maxBytes: X_DM_MAX_BYTES,
      maxBytesByType: X_DM_MAX_BYTES_BY_TYPE,
      maxPerMessage: 1,
      source: 'channels.md §9d: one attachment (media_id) per DM; types and sizes: docs.x.com media upload (initialize media_type) and "Best practices" (image 5 MB, GIF 15 MB, DM video 512 MB).',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: "channels.md §24: no hard window; DMs reach only users whose DM settings allow them.",
    },
    maxTextLength: 10000,
    richContent: declareRichContent(
      {
        attachment: { level: 'fallback', note: 'An attachment block inside rich content is sent as a link; the reply\'s files (images, GIFs, MP4/MOV video) are uploaded to X and sent as DM media, one per DM.' },
      },
      'channels.md §9e: v2 DMs are text plus one media item; buttons fall back to text',
    ),
    agentActions: ['send and receive direct messages, with or without attachments'],
  },
};
