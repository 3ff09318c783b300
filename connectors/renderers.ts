// Every channel's renderer and answer parser, by channel type: what the send path calls to turn a
// content message into provider request bodies, and what the inbound path calls to map a reply back
// to the option chosen. `limits` are the native limits the renderer enforces (checked against the
// channel's manifest by test/unit/render-limits.test.ts).
import { APP_STORE_CHANNEL_LIMITS, renderAppStore } from './app-store/render';
import { parseAppStoreAnswer } from './app-store/answer';
import { APPLE_MESSAGES_CHANNEL_LIMITS, APPLE_MESSAGES_LIMITS, renderAppleMessages } from './apple-messages/render';
import { parseAppleMessagesAnswer } from './apple-messages/answer';
import { BYOC_CHANNEL_LIMITS, renderByoc } from './byoc/render';
import { parseByocAnswer } from './byoc/answer';
import { EMAIL_CHANNEL_LIMITS, renderEmail } from './email/render';
import { parseEmailAnswer } from './email/answer';
import { FACEBOOK_CHANNEL_LIMITS, renderFacebook } from './facebook/render';
import { parseFacebookAnswer } from './facebook/answer';
import { GOOGLE_BUSINESS_MESSAGES_CHANNEL_LIMITS, GOOGLE_BUSINESS_MESSAGES_LIMITS, renderGoogleBusinessMessages } from './google-business-messages/render';
import { parseGoogleBusinessMessagesAnswer } from './google-business-messages/answer';
import { GOOGLE_BUSINESS_PROFILE_CHANNEL_LIMITS, renderGoogleBusinessProfile } from './google-business-profile/render';
import { parseGoogleBusinessProfileAnswer } from './google-business-profile/answer';
import { GOOGLE_PLAY_CHANNEL_LIMITS, GOOGLE_PLAY_LIMITS, renderGooglePlay } from './google-play/render';
import { parseGooglePlayAnswer } from './google-play/answer';
import { INSTAGRAM_CHANNEL_LIMITS, renderInstagram } from './instagram/render';
import { parseInstagramAnswer } from './instagram/answer';
import { INSTAGRAM_DIRECT_CHANNEL_LIMITS, INSTAGRAM_DIRECT_LIMITS, renderInstagramDirect } from './instagram-direct/render';
import { parseInstagramDirectAnswer } from './instagram-direct/answer';
import { LINE_CHANNEL_LIMITS, LINE_LIMITS, renderLine } from './line/render';
import { parseLineAnswer } from './line/answer';
import { LINKEDIN_CHANNEL_LIMITS, renderLinkedIn } from './linkedin/render';
import { parseLinkedInAnswer } from './linkedin/answer';
import { MESSENGER_CHANNEL_LIMITS, MESSENGER_LIMITS, renderMessenger } from './messenger/render';
import { parseMessengerAnswer } from './messenger/answer';
import type { AnswerParser, ChannelLimits, Renderer } from './render';
import { SLACK_CHANNEL_LIMITS, SLACK_LIMITS, renderSlack } from './slack/render';
import { parseSlackAnswer } from './slack/answer';
import { SMS_CHANNEL_LIMITS, SMS_LIMITS, renderSms } from './sms/render';
import { parseSmsAnswer } from './sms/answer';
import { TEAMS_CHANNEL_LIMITS, TEAMS_LIMITS, renderTeams } from './teams/render';
import { parseTeamsAnswer } from './teams/answer';
import { TELEGRAM_CHANNEL_LIMITS, TELEGRAM_LIMITS, renderTelegram } from './telegram/render';
import { parseTelegramAnswer } from './telegram/answer';
import { VIBER_CHANNEL_LIMITS, VIBER_LIMITS, renderViber } from './viber/render';
import { parseViberAnswer } from './viber/answer';
import { WEBCHAT_CHANNEL_LIMITS, renderWebchat } from './webchat/render';
import { parseWebchatAnswer } from './webchat/answer';
import { WECHAT_CHANNEL_LIMITS, WECHAT_LIMITS, renderWeChat } from './wechat/render';
import { parseWeChatAnswer } from './wechat/answer';
import { WHATSAPP_CHANNEL_LIMITS, WHATSAPP_LIMITS, renderWhatsApp } from './whatsapp/render';
import { parseWhatsAppAnswer } from './whatsapp/answer';
import { X_CHANNEL_LIMITS, X_LIMITS, renderX } from './x/render';
import { parseXAnswer } from './x/answer';
import { X_DM_CHANNEL_LIMITS, X_DM_LIMITS, renderXDm } from './x-dm/render';
import { parseXDmAnswer } from './x-dm/answer';
import { YOUTUBE_CHANNEL_LIMITS, renderYouTube } from './youtube/render';
import { parseYouTubeAnswer } from './youtube/answer';

export interface ChannelRendering {
  render: Renderer;
  parseAnswer: AnswerParser;
  /** The manifest-shaped limits (maxTextLength and per-type `limits`). */
  limits: ChannelLimits;
  /** Every named native-limit constant of the renderer, with its source in the code comments. */
  constants?: Readonly<Record<string, number | string>>;
}

const entries: [string, ChannelRendering][] = [
  ['webchat', { render: renderWebchat, parseAnswer: parseWebchatAnswer, limits: WEBCHAT_CHANNEL_LIMITS }],
  ['email', { render: renderEmail, parseAnswer: parseEmailAnswer, limits: EMAIL_CHANNEL_LIMITS }],
  ['sms', { constants: SMS_LIMITS, render: renderSms, parseAnswer: parseSmsAnswer, limits: SMS_CHANNEL_LIMITS }],
  ['facebook', { render: renderFacebook, parseAnswer: parseFacebookAnswer, limits: FACEBOOK_CHANNEL_LIMITS }],
  ['messenger', { constants: MESSENGER_LIMITS, render: renderMessenger, parseAnswer: parseMessengerAnswer, limits: MESSENGER_CHANNEL_LIMITS }],
  ['x', { constants: X_LIMITS, render: renderX, parseAnswer: parseXAnswer, limits: X_CHANNEL_LIMITS }],
  ['x-dm', { constants: X_DM_LIMITS, render: renderXDm, parseAnswer: parseXDmAnswer, limits: X_DM_CHANNEL_LIMITS }],
  ['instagram', { render: renderInstagram, parseAnswer: parseInstagramAnswer, limits: INSTAGRAM_CHANNEL_LIMITS }],
  ['instagram-direct', { constants: INSTAGRAM_DIRECT_LIMITS, render: renderInstagramDirect, parseAnswer: parseInstagramDirectAnswer, limits: INSTAGRAM_DIRECT_CHANNEL_LIMITS }],
  ['linkedin', { render: renderLinkedIn, parseAnswer: parseLinkedInAnswer, limits: LINKEDIN_CHANNEL_LIMITS }],
  ['youtube', { render: renderYouTube, parseAnswer: parseYouTubeAnswer, limits: YOUTUBE_CHANNEL_LIMITS }],
  ['google-business-messages', { constants: GOOGLE_BUSINESS_MESSAGES_LIMITS, render: renderGoogleBusinessMessages, parseAnswer: parseGoogleBusinessMessagesAnswer, limits: GOOGLE_BUSINESS_MESSAGES_CHANNEL_LIMITS }],
  ['google-play', { constants: GOOGLE_PLAY_LIMITS, render: renderGooglePlay, parseAnswer: parseGooglePlayAnswer, limits: GOOGLE_PLAY_CHANNEL_LIMITS }],
  ['google-business-profile', { render: renderGoogleBusinessProfile, parseAnswer: parseGoogleBusinessProfileAnswer, limits: GOOGLE_BUSINESS_PROFILE_CHANNEL_LIMITS }],
  ['app-store', { render: renderAppStore, parseAnswer: parseAppStoreAnswer, limits: APP_STORE_CHANNEL_LIMITS }],
  ['line', { constants: LINE_LIMITS, render: renderLine, parseAnswer: parseLineAnswer, limits: LINE_CHANNEL_LIMITS }],
  ['telegram', { constants: TELEGRAM_LIMITS, render: renderTelegram, parseAnswer: parseTelegramAnswer, limits: TELEGRAM_CHANNEL_LIMITS }],
  ['whatsapp', { constants: WHATSAPP_LIMITS, render: renderWhatsApp, parseAnswer: parseWhatsAppAnswer, limits: WHATSAPP_CHANNEL_LIMITS }],
  ['apple-messages', { constants: APPLE_MESSAGES_LIMITS, render: renderAppleMessages, parseAnswer: parseAppleMessagesAnswer, limits: APPLE_MESSAGES_CHANNEL_LIMITS }],
  ['viber', { constants: VIBER_LIMITS, render: renderViber, parseAnswer: parseViberAnswer, limits: VIBER_CHANNEL_LIMITS }],
  ['teams', { constants: TEAMS_LIMITS, render: renderTeams, parseAnswer: parseTeamsAnswer, limits: TEAMS_CHANNEL_LIMITS }],
  ['slack', { constants: SLACK_LIMITS, render: renderSlack, parseAnswer: parseSlackAnswer, limits: SLACK_CHANNEL_LIMITS }],
  ['wechat', { constants: WECHAT_LIMITS, render: renderWeChat, parseAnswer: parseWeChatAnswer, limits: WECHAT_CHANNEL_LIMITS }],
  ['byoc', { render: renderByoc, parseAnswer: parseByocAnswer, limits: BYOC_CHANNEL_LIMITS }],
];

const byType = new Map(entries);

/** The renderer, answer parser and enforced limits of a channel type, or undefined for an unknown type. */
export function getRendering(type: string): ChannelRendering | undefined {
  return byType.get(type);
}

/** Channel types with a renderer, in the order of connectors/manifests.ts. */
export function renderedChannelTypes(): string[] {
  return entries.map(([type]) => type);
}
