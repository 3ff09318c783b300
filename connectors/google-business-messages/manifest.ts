// Google Business Messages — shut down by Google on 31 July 2024. Kept so old cases still read
// correctly and so the capability record matches the product document; it cannot be connected.
import { declareRichContent, SEED_MATRIX_SOURCE } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

export const googleBusinessMessagesManifest: ChannelManifest = {
  type: 'google-business-messages',
  displayName: 'Google Business Messages',
  // The product document lists it as a social channel.
  kind: 'social',
  status: 'retired',
  retiredOn: '2024-07-31',
  setupNotes: [
    'Retired: Google shut Google Business Messages down on 31 July 2024; new conversations stopped on 15 July 2024.',
  ],
  capabilities: {
    inbound: true,
    outbound: true,
    reply: true,
    publishing: false,
    proactiveOutbound: false,
    attachments: {
      inbound: true,
      outbound: true,
      types: ['image/*'],
      maxBytes: null,
      source: 'Product document: text, images or both.',
    },
    replyWindow: {
      hours: null,
      outsideWindow: 'nothing',
      source: 'channels.md §12 and §24: shut down 2024-07-31; nothing can be sent any more.',
    },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        attachment: { level: 'native', note: 'Image message' },
        form: { level: 'degraded', note: 'Text with an open-URL suggestion to the hosted form' },
        timePicker: { level: 'degraded', note: 'Text with a suggested reply per slot; no time picker: slots as suggested replies' },
        quickReplies: { level: 'native', note: 'Text with suggested replies' },
        carousel: { level: 'native', note: 'Rich card carousel' },
        card: { level: 'native', note: 'Standalone rich card' },
        buttons: { level: 'native', note: 'Suggested actions.' },
        richLink: { level: 'native', note: 'Rich card.' },
        listPicker: { level: 'native', note: 'Rich card carousel of choices.' },
      },
      SEED_MATRIX_SOURCE,
    ),
    agentActions: ['receive and reply to direct inbound messages using text, images or both'],
  },
};
