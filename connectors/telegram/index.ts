// Telegram bots (Bot API over HTTPS): webhook with a secret token, messages and inline-keyboard
// taps in, the renderer's requests out. Set-up checks the token (getMe) and registers the webhook.
import type { Connector } from '../connector';
import { TELEGRAM_SECRET_FIELDS, prepareTelegramConfig, telegramConfigSchema, type TelegramConfig } from './config';
import { telegramManifest } from './manifest';
import { parseTelegramRequest, readTelegramUpdate } from './parse';
import { sendTelegramMessage } from './send';
import { setupTelegramChannel, telegramNextSteps } from './setup';
import { verifyTelegramRequest } from './verify';
import { downloadTelegramFile } from './media-download';

export const telegramConnector: Connector<TelegramConfig> = {
  manifest: telegramManifest,
  configSchema: telegramConfigSchema,
  secretFields: TELEGRAM_SECRET_FIELDS,
  prepareConfig: prepareTelegramConfig,
  verify: verifyTelegramRequest,
  parse: parseTelegramRequest,
  // A tapped inline button spins until the bot answers the callback query: answer it in the webhook reply.
  webhookResponse(req) {
    const tap = readTelegramUpdate(req.body).callback_query;
    return tap ? { status: 200, contentType: 'application/json', body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: tap.id }) } : null;
  },
  send: sendTelegramMessage,
  setup: setupTelegramChannel,
  nextSteps: telegramNextSteps,
  // Bot FAQ (channels.md §17d, §24): about 30 messages/s per bot, 1 message/s per chat.
  rateLimit: { perSecond: 30, burst: 30, perConversation: { perSecond: 1, burst: 3 } },
  // Inbound files the provider only references: fetched with the channel's credentials (media-download.ts).
  fetchMedia: downloadTelegramFile,
};

export type { TelegramConfig } from './config';
