// WeChat Official Account: customer-service messages within 48 h of the user's last interaction.
import { declareRichContent } from '../shared/rich-support';
import type { ChannelManifest } from '../manifest';

const SOURCE = 'channels.md §22e and §25';

export const wechatManifest: ChannelManifest = {
  type: 'wechat',
  displayName: 'WeChat',
  kind: 'messaging',
  status: 'active',
  setupNotes: [
    'Your WeChat account administrator sets this channel up with your Parley administrator.',
    'You need a WeChat business (Official) account before setting up the channel.',
    'Each channel needs a default flow and a default skill, chosen when it is created.',
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
      types: ['image/*', 'audio/*', 'video/*'],
      maxBytes: null,
      // Outbound images and voice are uploaded as media (media-upload.ts); other files go as links.
      source: 'channels.md §22: image, voice and video messages (media uploaded first).',
    },
    replyWindow: {
      hours: 48,
      outsideWindow: 'templates',
      source: 'channels.md §24: customer-service messages within 48 h (errcode 45015 outside); template messages after.',
    },
    maxTextLength: null,
    richContent: declareRichContent(
      {
        form: { level: 'degraded', note: 'News article linking to the hosted form' },
        quickReplies: { level: 'native', note: 'msgmenu (clickable options).' },
        richLink: { level: 'native', note: 'News article card.' },
        card: { level: 'degraded', note: 'News article card (title, description, picture, link); no buttons.' },
        carousel: { level: 'degraded', note: 'One news message per card.' },
        buttons: { level: 'degraded', note: 'Postback buttons as msgmenu; links spelled out.' },
        listPicker: { level: 'degraded', note: 'Items as msgmenu options.' },
        timePicker: { level: 'degraded', note: 'Slots as msgmenu options.' },
        attachment: { level: 'fallback', note: 'Link: media messages need a media_id from an upload first' },
      },
      SOURCE,
    ),
    agentActions: ['send basic messages', 'send attachments'],
  },
};
