// Set-up on channel creation (and config change): a client-credentials token proves the app id and
// secret. Bot Framework has no API to set the messaging endpoint: the person pastes the webhook URL
// in the Azure Bot resource and adds the Teams channel there (nextSteps).
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type NextStep } from '../connector';
import { requestBotToken } from './bot-token';
import type { TeamsConfig } from './config';

export async function setupTeamsChannel(channel: ChannelContext<TeamsConfig>, _context: unknown, deps: ConnectorDeps): Promise<void> {
  try {
    await requestBotToken(channel.config, deps);
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`the app id and password were not accepted: ${err.message}`);
    throw err;
  }
}

export function teamsNextSteps(config: TeamsConfig, context: { webhookUrl: string }): NextStep[] {
  return [
    { text: `In the Azure portal, open the Azure Bot resource of app ${config.appId} → Settings → Configuration and paste this as the Messaging endpoint; save.`, value: context.webhookUrl },
    { text: 'Under Channels, add Microsoft Teams and accept its terms.' },
    { text: 'Install the bot in Teams (a Teams app package whose bot id is this app id) for the people or teams it serves; proactive messages reach only users who installed it.', value: config.appId },
    // Without supportsFiles Teams refuses file consent cards (learn.microsoft.com "Send and receive files using bot").
    { text: 'In the Teams app manifest, set "supportsFiles": true on the bot, so customers in 1:1 chats can accept the files agents send (in channels and group chats files go as links).' },
  ];
}
