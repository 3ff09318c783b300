// Set-up: get_account_info proves the auth token (and names the bot), then set_webhook registers the
// channel's webhook URL, on creation and on every config change. Viber checks the URL by posting a
// signed `webhook` event to it during the call: while a channel is being connected its id is
// reserved and the webhook route finds it (ChannelStore.connect), so one POST /channels does both,
// and a refusal still creates nothing.
import { type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import { callViberApi } from './bot-api';
import type { ViberConfig } from './config';
import { setupStep } from '../shared/setup-step';
import { publicUrlSteps } from '../shared/public-media';

/** The callbacks Parley asks for besides messages (which Viber always sends). */
export const VIBER_EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'] as const;

export async function setupViberChannel(channel: ChannelContext<ViberConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<ViberConfig>> {
  const config = channel.config;
  const info = await setupStep('the auth token was not accepted', () => callViberApi(config, 'get_account_info', {}, deps));
  const learned: Partial<ViberConfig> = {
    ...(typeof info.name === 'string' ? { accountName: info.name } : {}),
    ...(typeof info.uri === 'string' ? { accountUri: info.uri } : {}),
  };
  await setupStep(`the webhook ${context.webhookUrl} could not be registered`, () => callViberApi(config, 'set_webhook', {
    url: context.webhookUrl, event_types: VIBER_EVENT_TYPES, send_name: true, send_photo: false,
  }, deps));
  return { config: { ...learned, webhookRegistered: true } };
}

export function viberNextSteps(config: ViberConfig, context: { webhookUrl: string }): NextStep[] {
  const bot = config.accountUri ? `viber://pa?chatURI=${config.accountUri}` : undefined;
  // Channels connected before set_webhook ran on creation may still lack it: a config change registers it.
  const steps: NextStep[] = config.webhookRegistered === false
    ? [{
        text: 'Register the webhook (Viber checks the URL by calling it): send PATCH to this address with the body {"config": {}}; Parley then calls set_webhook.',
        value: context.webhookUrl.replace(/\/webhooks\/([^/]+)$/, '/api/v1/channels/$1'),
      }]
    : [{ text: 'Nothing to paste: Parley registered this webhook URL with Viber (set_webhook).', value: context.webhookUrl }];
  steps.push({ text: `Customers write to the bot first${bot ? ` (${bot})` : ''}; messages outside the 24-hour session after their last message are billed by Viber.` });
  return [...steps, ...publicUrlSteps(context.webhookUrl, 'Viber')];
}
