// One place for how each channel type looks in the inbox: a short label, a one- or two-letter
// mark and a colour (the brand's, darkened where needed for white text to pass contrast). Brand names
// stay as they are; the generic labels are in the console's language.
import { t } from '../i18n';

export interface ChannelBadge { label: string; mark: string; color: string }

const BADGES: Record<string, ChannelBadge> = {
  webchat: { label: t('inbox.channel.webchat'), mark: 'W', color: '#4f46e5' },
  email: { label: t('inbox.channel.email'), mark: '@', color: '#475467' },
  sms: { label: 'SMS', mark: 'S', color: '#0e7490' },
  whatsapp: { label: 'WhatsApp', mark: 'WA', color: '#137a3a' },
  messenger: { label: 'Messenger', mark: 'M', color: '#0866d6' },
  facebook: { label: 'Facebook', mark: 'f', color: '#1858b8' },
  instagram: { label: 'Instagram', mark: 'IG', color: '#c1356b' },
  'instagram-direct': { label: 'Instagram DM', mark: 'IG', color: '#c1356b' },
  x: { label: 'X', mark: 'X', color: '#111111' },
  'x-dm': { label: 'X DM', mark: 'X', color: '#111111' },
  telegram: { label: 'Telegram', mark: 'T', color: '#1b7fb8' },
  line: { label: 'LINE', mark: 'L', color: '#06803a' },
  viber: { label: 'Viber', mark: 'V', color: '#6b3fa0' },
  wechat: { label: 'WeChat', mark: 'WC', color: '#1a7f37' },
  slack: { label: 'Slack', mark: 'S', color: '#4a154b' },
  teams: { label: 'Teams', mark: 'T', color: '#4b53bc' },
  linkedin: { label: 'LinkedIn', mark: 'in', color: '#0a66c2' },
  youtube: { label: 'YouTube', mark: 'YT', color: '#c4000e' },
  'apple-messages': { label: 'Apple Messages', mark: 'A', color: '#1f7ae0' },
  'google-business-messages': { label: 'Google Messages', mark: 'G', color: '#1a73e8' },
  'google-business-profile': { label: 'Google Business', mark: 'G', color: '#1a73e8' },
  'google-play': { label: 'Google Play', mark: 'GP', color: '#01775a' },
  'app-store': { label: 'App Store', mark: 'AS', color: '#0a6fd6' },
  byoc: { label: t('inbox.channel.byoc'), mark: 'B', color: '#7a2e8e' },
};

export function channelBadge(type: string | undefined): ChannelBadge {
  if (type && BADGES[type]) return BADGES[type];
  return { label: type ?? t('inbox.channel.unknown'), mark: (type ?? '?').slice(0, 1).toUpperCase(), color: '#667085' };
}
