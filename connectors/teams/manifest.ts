// Microsoft Teams bot (Bot Connector protocol): Adaptive Cards cover most rich types natively.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'channels.md §20e and §25 (Adaptive Cards, suggestedActions)';

export const teamsManifest: ChannelManifest = {
  type: 'teams',
  displayName: 'Microsoft Teams',
  kind: 'collaboration',
  status: 'active',
  setupNotes: [
    'Register a single-tenant bot (or managed identity) and install the app for the users it serves.',
    'Proactive messages need the app installed for the user.',
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
      source: 'channels.md §20: files in personal chats arrive as download-info attachments; learn.microsoft.com "Send and receive files using bot": files go out by file consent in personal chats (the app sets supportsFiles), as links elsewhere.',
    },
    replyWindow: { hours: null, outsideWindow: 'anything', source: 'channels.md §24: no window.' },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        markdown: { level: 'native', note: 'textFormat markdown.' },
        html: { level: 'native', note: 'Text with textFormat markdown' },
        adaptiveCard: { level: 'native', limits: { maxVersion: 1.5 }, note: 'Teams supports Adaptive Cards up to about v1.5.' },
        buttons: { level: 'native', note: 'Adaptive Card actions.' },
        card: { level: 'native', note: 'Hero card or Adaptive Card.' },
        carousel: { level: 'native', note: "attachmentLayout 'carousel'." },
        richLink: { level: 'native', note: 'Hero card with a tap action.' },
        quickReplies: { level: 'native', note: 'suggestedActions in 1:1 chats; Adaptive Card actions elsewhere.' },
        listPicker: { level: 'native', note: 'Adaptive Card Input.ChoiceSet.' },
        timePicker: { level: 'degraded', note: 'Adaptive Card with an Input.ChoiceSet of slots; no slot picker: slots offered in an Input.ChoiceSet (Input.Date/Time cannot restrict to slots)' },
        form: { level: 'native', note: 'Adaptive Card inputs with Action.Submit.' },
        attachment: { level: 'native' },
      },
      SOURCE,
    ),
    agentActions: ['answer technical-support questions that a customer sends through Teams'],
  },
};
