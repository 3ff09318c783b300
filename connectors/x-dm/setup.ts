// Set-up on connecting: the App keys and the account's access token are checked (GET /2/users/me),
// which also tells Parley the account's id (its own DMs are not customers', and the X Activity API
// subscription filters on it). Then Parley registers the webhook and subscribes the account, in the
// Account Activity API and to `dm.received` and `dm.read` in the X Activity API (webhook-registration.ts); that needs X's Enterprise /
// pay-per-use access and an https URL without a port, so when X refuses (or the URL cannot be used)
// they stay next steps with the exact URL and X's reason.
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import type { XDmConfig } from './config';
import { callX } from './x-api';
import { registerXWebhook } from './webhook-registration';

export async function setupXChannel(channel: ChannelContext<XDmConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<XDmConfig>> {
  let me: { data: { id: string; username: string } };
  try {
    me = await callX<{ data: { id: string; username: string } }>(channel.config, 'GET', '/2/users/me', undefined, deps);
  } catch (err) {
    if (err instanceof SendError) throw new SetupError(`the keys and access token were not accepted: ${err.message}`);
    throw err;
  }
  const registration = await registerXWebhook(channel.config, deps, context.webhookUrl, me.data.id);
  return { config: { userId: me.data.id, username: me.data.username, ...registration } };
}

export function xNextSteps(config: XDmConfig, context: { webhookUrl: string }): NextStep[] {
  const account = config.username ? `@${config.username}` : 'the account';
  const consent = { text: `Customers must allow DMs from ${account} (or follow it) for replies to reach them.` };
  const readStep = `subscribe ${account} to read receipts in the X Activity API: event "dm.read" with filter user_id ${config.userId ?? '(the account id)'} delivered to webhook ${config.webhookId ?? '(the webhook)'}`;
  if (config.activitySubscriptionId) {
    const receipts = config.readReceiptSubscriptionId ? ` and ${config.readReceiptSubscriptionId} to "dm.read" (read receipts)` : '';
    return [
      { text: `Parley registered this webhook URL with X (webhook ${config.webhookId}; X checked it with a CRC) and subscribed ${account}'s direct messages to it: X Activity API subscription ${config.activitySubscriptionId} to "dm.received"${receipts}${config.dmSubscribed ? ', and the Account Activity API until it ends on 2027-01-01' : ''}.`, value: context.webhookUrl },
      consent,
      // DMs flow; only the read receipts are missing (they come through the Account Activity API until 2027-01-01, if subscribed).
      ...(config.readReceiptSubscriptionId ? [] : [{ text: `For customers' read receipts, ${readStep}${config.webhookSetupProblem ? `; Parley could not: ${config.webhookSetupProblem}` : ''}.` }]),
    ];
  }
  return [
    config.webhookId
      ? { text: `Parley registered this webhook URL with X (webhook ${config.webhookId}); only the subscription below is left.`, value: context.webhookUrl }
      : { text: 'Register this webhook URL with X (POST /2/webhooks with your App\'s bearer token); X checks it at once with a CRC, which Parley answers.', value: context.webhookUrl },
    config.dmSubscribed
      ? { text: `Subscribe ${account} to direct messages in the X Activity API: event "dm.received" with filter user_id ${config.userId ?? '(the account id)'} delivered to webhook ${config.webhookId}, and the same for "dm.read" (read receipts). Until the Account Activity API ends on 2027-01-01, DMs and read receipts arrive through the subscription Parley made there.` }
      : { text: `Subscribe ${account} to direct messages: X Activity API subscriptions to events "dm.received" and "dm.read" (read receipts) with filter user_id ${config.userId ?? '(the account id)'} delivered to that webhook (or, until 2027-01-01, the Account Activity API's subscriptions/all).` },
    consent,
    ...(config.webhookSetupProblem ? [{ text: `Parley could not ${config.webhookId ? 'subscribe the account' : 'register the webhook'} itself, so the steps above are yours: ${config.webhookSetupProblem}` }] : []),
  ];
}
