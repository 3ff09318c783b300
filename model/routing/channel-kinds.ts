// Channel kinds: capacity is counted per kind of work, not per channel (an agent may hold three live
// chats and ten emails at once). Unknown types count as messaging.

export const CHANNEL_KINDS = ['chat', 'messaging', 'email', 'social'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const KIND_OF_TYPE: Readonly<Record<string, ChannelKind>> = {
  webchat: 'chat', 'apple-messages': 'chat', slack: 'chat', teams: 'chat',
  email: 'email',
  sms: 'messaging', whatsapp: 'messaging', messenger: 'messaging', 'instagram-direct': 'messaging', telegram: 'messaging',
  line: 'messaging', viber: 'messaging', wechat: 'messaging', 'x-dm': 'messaging', byoc: 'messaging',
  facebook: 'social', instagram: 'social', x: 'social', linkedin: 'social', youtube: 'social',
  'google-play': 'social', 'app-store': 'social', 'google-business-profile': 'social',
};

export function channelKindOf(channelType: string): ChannelKind {
  return KIND_OF_TYPE[channelType] ?? 'messaging';
}

/** Concurrent cases an agent takes per kind when nobody set a limit. */
export const DEFAULT_CAPACITY: Readonly<Record<ChannelKind, number>> = { chat: 3, messaging: 5, email: 10, social: 5 };
