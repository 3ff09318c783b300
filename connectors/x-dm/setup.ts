// Set-up on connecting: the App keys and the account's access token are checked (GET /2/users/me),
// which also tells Parley the account's id (its own DMs are not customers'). Registering the
// webhook and subscribing the account to DM events need X's Enterprise / pay-per-use access and an
// app-only token, so they are next steps with the exact URL.
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupResult } from '../connector';
import type { XDmConfig } from './config';
import { callX } from './x-api';

export async function setupXChannel(channel: ChannelContext<XDmConfig>, _context: unknown, deps: ConnectorDeps): Promise<SetupResult<XDmConfig>> {
  try {
    const me = await callX<{ data: { id: string; username: string } }>(channel.config, 'GET', '/2/users/me', undefined, deps);
    return { config: { userId: me.data.id, username: me.data.username } };
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`the keys and access token were not accepted: ${err.message}`);
    throw err;
  }
}

export function xNextSteps(config: XDmConfig, context: { webhookUrl: string }): NextStep[] {
  const account = config.username ? `@${config.username}` : 'the account';
  return [
    { text: 'Register this webhook URL with X (POST /2/webhooks with your App\'s bearer token); X checks it at once with a CRC, which Parley answers.', value: context.webhookUrl },
    { text: `Subscribe ${account} to direct messages: an X Activity API subscription to event "dm.received" with filter user_id ${config.userId ?? '(the account id)'} delivered to that webhook (or, until 2027-01-01, the Account Activity API's subscriptions/all).` },
    { text: `Customers must allow DMs from ${account} (or follow it) for replies to reach them.` },
  ];
}
