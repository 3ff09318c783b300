// Instagram Direct set-up: `GET /{ig-id}` with the access token must answer with the channel's
// Instagram account. Next steps: callback URL and verify token, the messaging webhook fields, and
// the account's "Allow access to messages" setting. Parley subscribes the account to the app itself
// (`POST /{ig-id}/subscribed_apps`, Instagram Login) and sets the app's callback URL when the channel
// names its appId; what Meta refuses (e.g. a Facebook Login token, where the Page subscribes) stays a next step.
import { SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import { callbackSteps, registerMetaWebhook, registrationProblemSteps } from '../shared/meta/webhook-registration';
import { setupLookup } from '../shared/meta/setup';
import { publicUrlSteps } from '../shared/public-media';
import type { InstagramDirectConfig } from './config';

export const INSTAGRAM_WEBHOOK_FIELDS = ['messages', 'messaging_postbacks', 'messaging_seen'];

export async function setupInstagramDirectChannel(channel: ChannelContext<InstagramDirectConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<InstagramDirectConfig>> {
  const { config } = channel;
  const account = await setupLookup<{ id?: string; username?: string }>(config, deps, config.instagramAccountId, config.accessToken, 'id,username', 'the accessToken was not accepted for this Instagram account');
  if (account.id !== config.instagramAccountId) {
    throw new SetupError(`Meta answered for account ${account.id ?? 'unknown'}, not for the Instagram account ${config.instagramAccountId}.`);
  }
  const registration = await registerMetaWebhook(config, deps, context.webhookUrl, {
    subscribe: { node: config.instagramAccountId, token: config.accessToken, fields: INSTAGRAM_WEBHOOK_FIELDS }, object: 'instagram', appFields: INSTAGRAM_WEBHOOK_FIELDS,
  });
  return { config: { ...(account.username ? { instagramUsername: account.username } : {}), ...registration } };
}

export function instagramDirectNextSteps(config: InstagramDirectConfig, context: { webhookUrl: string }): NextStep[] {
  const account = config.instagramUsername ? `@${config.instagramUsername}` : `account ${config.instagramAccountId}`;
  return [
    ...callbackSteps('Instagram → API setup → Configure webhooks', context.webhookUrl, config, 'every Instagram account'),
    config.webhookSubscribed
      ? { text: `Parley subscribed ${account} to the app's webhooks with these fields.`, value: INSTAGRAM_WEBHOOK_FIELDS.join(',') }
      : { text: `Subscribe ${account} to these webhook fields.`, value: INSTAGRAM_WEBHOOK_FIELDS.join(',') },
    { text: `In the Instagram app, ${account} → Settings → Messages and story replies → Message controls: turn on "Allow access to messages".` },
    ...registrationProblemSteps(config),
    ...publicUrlSteps(context.webhookUrl, 'Meta'),
  ];
}
