// Email over SMTP/IMAP or a provider's inbound webhook; replies thread by Message-ID.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'product document matrix (email) and channels.md §2';

export const emailManifest: ChannelManifest = {
  type: 'email',
  displayName: 'Email',
  kind: 'email',
  status: 'active',
  inbound: 'mail',
  setupNotes: [
    'Receive through your own SMTP endpoint, IMAP polling or a provider inbound-parse webhook.',
    'Replies carry In-Reply-To/References and a plus-addressed Reply-To so threads stay together.',
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
      types: [],
      maxBytes: null,
      source: 'channels.md §2: limits are those of the mail provider.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §24: no window (consent rules apply).' },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'Link to the hosted form' },
        timePicker: { level: 'degraded', note: 'One answer link per slot (GET /a/{token}: a page that confirms, then records the tap); the text part numbers them' },
        listPicker: { level: 'degraded', note: 'One answer link per item (GET /a/{token}); the text part numbers them' },
        richLink: { level: 'native', note: 'HTML link preview card' },
        markdown: { level: 'native', note: 'Rendered to HTML, with a plain-text part.' },
        html: { level: 'native', note: 'Always sent with a plain-text alternative part.' },
        buttons: { level: 'degraded', note: 'Postback buttons become answer links (GET /a/{token}), URL buttons plain links; the text part numbers the options', source: 'channels.md §2' },
        card: { level: 'degraded', note: 'A bordered HTML card whose buttons are answer links', source: 'channels.md §2' },
        carousel: { level: 'degraded', note: 'Cards stacked one under another, buttons as answer links', source: 'channels.md §2' },
        quickReplies: {
          level: 'fallback',
          note: 'Numbered options answered by reply, as the product document asks (alternative text); the number or the title is matched',
        },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: [
      'receive and reply to emails, with or without attachments',
      'send new outbound emails',
      'send formatted (HTML or Markdown) replies',
    ],
  },
};
