// Set-up on channel creation (and config change): getMe proves the bot token, setWebhook points the
// bot at the channel's webhook URL with the secret token Telegram will echo (channels.md §17a).
import { type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import { callBotApi } from './bot-api';
import type { TelegramConfig } from './config';
import { setupStep } from '../shared/setup-step';

/** The updates Parley reads; everything else is not even sent. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export async function setupTelegramChannel(
  channel: ChannelContext<TelegramConfig>,
  context: SetupContext,
  deps: ConnectorDeps,
): Promise<SetupResult<TelegramConfig>> {
  const config = channel.config;
  const me = await setupStep('the bot token was not accepted', () => callBotApi<{ id: number; is_bot: boolean; username?: string }>(config, 'getMe', {}, deps));
  await setupStep(`the webhook ${context.webhookUrl} could not be registered`, () => callBotApi<boolean>(config, 'setWebhook', {
    url: context.webhookUrl,
    secret_token: config.secretToken,
    allowed_updates: ALLOWED_UPDATES,
  }, deps));
  return { config: me.username ? { botUsername: me.username } : {} };
}

export function telegramNextSteps(config: TelegramConfig, context: { webhookUrl: string }): NextStep[] {
  const bot = config.botUsername ? `@${config.botUsername}` : 'the bot';
  return [
    { text: 'Nothing to paste: Parley registered the webhook URL with Telegram (setWebhook, with a secret token).', value: context.webhookUrl },
    { text: `Customers write to ${bot} first (a bot cannot start a chat); open it in Telegram and send /start to try it.` },
  ];
}
