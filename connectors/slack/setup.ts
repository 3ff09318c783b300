// Set-up on channel creation (and config change): auth.test proves the bot token and names the
// workspace and the bot's own user. Slack has no API to set an app's Request URL: the person
// pastes the webhook URL in the app's settings (nextSteps).
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupResult } from '../connector';
import type { SlackConfig } from './config';
import { callSlackApi } from './web-api';

export async function setupSlackChannel(channel: ChannelContext<SlackConfig>, _context: unknown, deps: ConnectorDeps): Promise<SetupResult<SlackConfig>> {
  try {
    const answer = await callSlackApi<{ ok: boolean; team_id?: string; team?: string; user_id?: string }>(channel.config, 'auth.test', {}, deps);
    return { config: { ...(answer.team_id ? { teamId: answer.team_id } : {}), ...(answer.team ? { team: answer.team } : {}), ...(answer.user_id ? { botUserId: answer.user_id } : {}) } };
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`the bot token was not accepted: ${err.message}`);
    throw err;
  }
}

export function slackNextSteps(config: SlackConfig, context: { webhookUrl: string }): NextStep[] {
  const app = config.team ? `your Slack app for ${config.team}` : 'your Slack app';
  return [
    { text: `At api.slack.com/apps, in ${app}, open Event Subscriptions, turn them on and paste the webhook URL as the Request URL; Slack checks it at once.`, value: context.webhookUrl },
    { text: 'Under "Subscribe to bot events" add message.im (direct messages), and message.channels / message.groups for channels the app is in. The bot token needs the scopes chat:write, im:history (and channels:history / groups:history); save and reinstall the app.' },
    { text: 'Open Interactivity & Shortcuts, turn it on and paste the same webhook URL, so button taps reach Parley.', value: context.webhookUrl },
    { text: 'In App Home, allow users to send messages to the app from the Messages tab.' },
  ];
}
