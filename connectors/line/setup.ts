// Set-up on channel creation (and config change): GET /v2/bot/info proves the channel access token,
// PUT /v2/bot/channel/webhook/endpoint points the channel at Parley's webhook URL. "Use webhook" and
// the Official Account's own auto-replies are switches only a person can flip (nextSteps).
import { type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import type { LineConfig } from './config';
import { callLineApi } from './messaging-api';
import { setupStep } from '../shared/setup-step';

interface BotInfo {
  userId: string;
  basicId?: string;
  displayName?: string;
}

export async function setupLineChannel(channel: ChannelContext<LineConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<LineConfig>> {
  const config = channel.config;
  const info = await setupStep('the channel access token was not accepted', () => callLineApi<BotInfo>(config, { method: 'GET', path: '/v2/bot/info' }, deps));
  await setupStep(`the webhook URL ${context.webhookUrl} could not be set`, () =>
    callLineApi(config, { method: 'PUT', path: '/v2/bot/channel/webhook/endpoint', body: { endpoint: context.webhookUrl } }, deps));
  const bot = info.json;
  return {
    config: {
      ...(bot?.userId ? { botUserId: bot.userId } : {}),
      ...(bot?.basicId ? { botBasicId: bot.basicId } : {}),
      ...(bot?.displayName ? { botDisplayName: bot.displayName } : {}),
    },
  };
}

export function lineNextSteps(config: LineConfig, context: { webhookUrl: string }): NextStep[] {
  const account = config.botBasicId ? `${config.botDisplayName ?? 'the account'} (${config.botBasicId})` : 'the Official Account';
  return [
    { text: 'Parley set this webhook URL on the channel. In the LINE Developers console, Messaging API tab, turn on "Use webhook".', value: context.webhookUrl },
    { text: 'In the LINE Official Account Manager (Settings → Response settings), turn off "Auto-reply messages" and "Greeting message", or the account answers customers before your agents do.' },
    { text: `Customers write to ${account} first (LINE does not let an account start a chat); add it as a friend in LINE and send a message to try it.` },
  ];
}
