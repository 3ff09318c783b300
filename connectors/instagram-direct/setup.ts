// Instagram Direct set-up: `GET /{ig-id}` with the access token must answer with the channel's
// Instagram account. Next steps: callback URL and verify token, the messaging webhook fields, and
// the account's "Allow access to messages" setting.
import { SetupError, type ChannelContext, type ConnectorDeps, type NextStep, type SetupResult } from '../connector';
import { metaWebhookSteps } from '../shared/meta/meta-app';
import { setupLookup } from '../shared/meta/setup';
import { publicUrlSteps } from '../shared/public-media';
import type { InstagramDirectConfig } from './config';

export const INSTAGRAM_WEBHOOK_FIELDS = ['messages', 'messaging_postbacks', 'messaging_seen'];

export async function setupInstagramDirectChannel(channel: ChannelContext<InstagramDirectConfig>, _context: unknown, deps: ConnectorDeps): Promise<SetupResult<InstagramDirectConfig>> {
  const { config } = channel;
  const account = await setupLookup<{ id?: string; username?: string }>(config, deps, config.instagramAccountId, config.accessToken, 'id,username', 'the accessToken was not accepted for this Instagram account');
  if (account.id !== config.instagramAccountId) {
    throw new SetupError(`Meta answered for account ${account.id ?? 'unknown'}, not for the Instagram account ${config.instagramAccountId}.`);
  }
  return { config: account.username ? { instagramUsername: account.username } : {} };
}

export function instagramDirectNextSteps(config: InstagramDirectConfig, context: { webhookUrl: string }): NextStep[] {
  const account = config.instagramUsername ? `@${config.instagramUsername}` : `account ${config.instagramAccountId}`;
  return [
    ...metaWebhookSteps('Instagram → API setup → Configure webhooks', context.webhookUrl, config, 'every Instagram account'),
    { text: `Subscribe ${account} to these webhook fields.`, value: INSTAGRAM_WEBHOOK_FIELDS.join(',') },
    { text: `In the Instagram app, ${account} → Settings → Messages and story replies → Message controls: turn on "Allow access to messages".` },
    ...publicUrlSteps(context.webhookUrl, 'Meta'),
  ];
}
