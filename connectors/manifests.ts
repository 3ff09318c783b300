// Every channel type Parley knows, with its capabilities: the registry the rule engine, the editor,
// the renderers and the docs read. Order is the order channels appear in docs/channels.md.
import { appStoreManifest } from './app-store/manifest';
import { appleMessagesManifest } from './apple-messages/manifest';
import { byocManifest } from './byoc/manifest';
import { emailManifest } from './email/manifest';
import { facebookManifest } from './facebook/manifest';
import { googleBusinessMessagesManifest } from './google-business-messages/manifest';
import { googleBusinessProfileManifest } from './google-business-profile/manifest';
import { googlePlayManifest } from './google-play/manifest';
import { instagramManifest } from './instagram/manifest';
import { instagramDirectManifest } from './instagram-direct/manifest';
import { lineManifest } from './line/manifest';
import { linkedinManifest } from './linkedin/manifest';
import type { ChannelManifest } from './manifest';
import { messengerManifest } from './messenger/manifest';
import { slackManifest } from './slack/manifest';
import { smsManifest } from './sms/manifest';
import { teamsManifest } from './teams/manifest';
import { telegramManifest } from './telegram/manifest';
import { viberManifest } from './viber/manifest';
import { webchatManifest } from './webchat/manifest';
import { wechatManifest } from './wechat/manifest';
import { whatsappManifest } from './whatsapp/manifest';
import { xManifest } from './x/manifest';
import { xDmManifest } from './x-dm/manifest';
import { youtubeManifest } from './youtube/manifest';

export const channelManifests: readonly ChannelManifest[] = [
  webchatManifest,
  emailManifest,
  smsManifest,
  facebookManifest,
  messengerManifest,
  xManifest,
  xDmManifest,
  instagramManifest,
  instagramDirectManifest,
  linkedinManifest,
  youtubeManifest,
  googleBusinessMessagesManifest,
  googlePlayManifest,
  googleBusinessProfileManifest,
  appStoreManifest,
  lineManifest,
  telegramManifest,
  whatsappManifest,
  appleMessagesManifest,
  viberManifest,
  teamsManifest,
  slackManifest,
  wechatManifest,
  byocManifest,
];

const byType = new Map(channelManifests.map((m) => [m.type, m]));

/** The manifest of a channel type, or undefined for an unknown type. */
export function getManifest(type: string): ChannelManifest | undefined {
  return byType.get(type);
}

/** The channel types that can still be connected (retired ones stay readable but not connectable). */
export function activeChannelTypes(): string[] {
  return channelManifests.filter((m) => m.status === 'active').map((m) => m.type);
}
