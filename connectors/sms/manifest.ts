// SMS/MMS through Twilio: plain text, with MMS media in the US and Canada.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const MB = 1024 * 1024;

export const smsManifest: ChannelManifest = {
  type: 'sms',
  displayName: 'SMS',
  kind: 'sms',
  status: 'active',
  setupNotes: [
    'Connect a Twilio number or Messaging Service; US traffic needs A2P 10DLC registration.',
    'STOP and other opt-out keywords are handled by the carrier/Twilio and end proactive sending.',
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
      types: ['image/*', 'video/*', 'audio/*'],
      maxBytes: 5 * MB,
      maxPerMessage: 10,
      source: 'channels.md §3: MediaUrl ≤10 per message, ≤5 MB; MMS in US/CA only.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §24: no window (consent/DNC rules apply).' },
    maxTextLength: 1600,
    richContent: declareRichContent(
      {
        quickReplies: { level: 'fallback', note: 'Numbered list: "Reply 1 for …".' },
        buttons: { level: 'fallback', note: 'Numbered options; links and phone numbers spelled out.' },
        attachment: { level: 'native', note: 'MMS in the US and Canada; a link elsewhere.' },
      },
      'channels.md §3 (plain text; MMS media)',
    ),
    agentActions: [
      'receive and reply to text messages',
      'send and receive MMS media (US and Canada)',
      'send new outbound messages to contacts who consented',
    ],
  },
};
