// Messenger set-up: `GET /me` with the Page access token must answer with the channel's Page, so a
// token for another Page (or a user token) is refused before the channel exists. Next steps: the
// callback URL and verify token in the App Dashboard, the Page's webhook fields, HUMAN_AGENT access.
// Parley subscribes the Page to the app itself, and sets the app's callback URL when the channel names
// its appId (shared/meta/webhook-registration.ts); what Meta refuses stays a next step.
import { SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import { callbackSteps, registerMetaWebhook, registrationProblemSteps } from '../shared/meta/webhook-registration';
import { setupLookup } from '../shared/meta/setup';
import { publicUrlSteps } from '../shared/public-media';
import type { MessengerConfig } from './config';

export const MESSENGER_WEBHOOK_FIELDS = ['messages', 'messaging_postbacks', 'message_deliveries', 'message_reads'];

export async function setupMessengerChannel(channel: ChannelContext<MessengerConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<MessengerConfig>> {
  const { config } = channel;
  const me = await setupLookup<{ id?: string; name?: string }>(config, deps, 'me', config.pageAccessToken, 'id,name', 'the pageAccessToken was not accepted');
  if (me.id !== config.pageId) {
    throw new SetupError(`the pageAccessToken belongs to ${me.name ? `"${me.name}" ` : ''}(id ${me.id ?? 'unknown'}), not to the Page ${config.pageId}: use a Page access token of that Page.`);
  }
  const registration = await registerMetaWebhook(config, deps, context.webhookUrl, {
    subscribe: { node: config.pageId, token: config.pageAccessToken, fields: MESSENGER_WEBHOOK_FIELDS }, object: 'page', appFields: MESSENGER_WEBHOOK_FIELDS,
  });
  return { config: { ...(me.name ? { pageName: me.name } : {}), ...registration } };
}

export function messengerNextSteps(config: MessengerConfig, context: { webhookUrl: string }): NextStep[] {
  const page = config.pageName ? `"${config.pageName}"` : `Page ${config.pageId}`;
  return [
    ...callbackSteps('Messenger → Settings → Webhooks', context.webhookUrl, config, 'every Page'),
    config.webhookSubscribed
      ? { text: `Parley subscribed ${page} to the app's webhooks with these fields.`, value: MESSENGER_WEBHOOK_FIELDS.join(',') }
      : { text: `Under Webhooks, add ${page} and subscribe it to these fields.`, value: MESSENGER_WEBHOOK_FIELDS.join(',') },
    { text: 'To answer up to 7 days after a customer’s last message (HUMAN_AGENT tag), request the Human Agent feature in App Review.' },
    ...registrationProblemSteps(config),
    ...publicUrlSteps(context.webhookUrl, 'Meta'),
  ];
}
