// What a Bring-Your-Own-Channel channel can do. The integrator's middleware owns the real channel,
// so Parley imposes no limits of its own: rich content travels as the neutral JSON model next to a
// plain-text fallback, and the middleware renders what its channel supports.
import { RICH_CONTENT_TYPES } from '../../model/content/types';
import type { ChannelManifest } from '../manifest';

export const byocManifest: ChannelManifest = {
  type: 'byoc',
  displayName: 'Bring Your Own Channel',
  kind: 'custom',
  status: 'active',
  setupNotes: [
    'Build a middleware between Parley and the channel: it POSTs the channel\'s events to the channel\'s webhookUrl and receives Parley\'s messages at outboundUrl (wire format: connectors/README.md).',
    'Both directions are signed with the channel\'s Standard Webhooks secret, generated on create unless one is given.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: true,
    attachments: { inbound: true, outbound: true, types: [], maxBytes: null },
    replyWindow: {
      hours: null,
      outsideWindow: 'anything',
      source: 'Per channel: config.replyWindowHours (absent = no window).',
    },
    maxTextLength: null,
    richContent: RICH_CONTENT_TYPES.map((type) => ({
      type,
      level: 'native' as const,
      note: 'Passed through as the neutral JSON model with a plain-text fallback; the middleware renders it.',
      source: 'channels.md §23 (send the neutral model as is, alongside a text fallback)',
    })),
    agentActions: [
      'send and receive messages',
      'send and receive attachments (when the integration supports them)',
      'proactive outbound',
    ],
  },
};
