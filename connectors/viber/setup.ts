// Set-up: get_account_info proves the auth token (and names the bot). set_webhook cannot run when the
// channel is created: Viber checks the URL by posting a `webhook` event to it during the call, and
// the channel is only stored once its set-up succeeded, so that check would meet a 404. It runs on
// the next config change instead (PATCH /api/v1/channels/{id} with {"config": {}}), which nextSteps
// spells out.
import { type ChannelContext, type ConnectorDeps, type NextStep, type SetupContext, type SetupResult } from '../connector';
import { callViberApi } from './bot-api';
import type { ViberConfig } from './config';
import { setupStep } from '../shared/setup-step';

/** The callbacks Parley asks for besides messages (which Viber always sends). */
export const VIBER_EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'] as const;

export async function setupViberChannel(channel: ChannelContext<ViberConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<ViberConfig>> {
  const config = channel.config;
  const info = await setupStep('the auth token was not accepted', () => callViberApi(config, 'get_account_info', {}, deps));
  const learned: Partial<ViberConfig> = {
    ...(typeof info.name === 'string' ? { accountName: info.name } : {}),
    ...(typeof info.uri === 'string' ? { accountUri: info.uri } : {}),
  };
  if (context.reason === 'create') return { config: { ...learned, webhookRegistered: false } };
  await setupStep(`the webhook ${context.webhookUrl} could not be registered`, () => callViberApi(config, 'set_webhook', {
    url: context.webhookUrl, event_types: VIBER_EVENT_TYPES, send_name: true, send_photo: false,
  }, deps));
  return { config: { ...learned, webhookRegistered: true } };
}

export function viberNextSteps(config: ViberConfig, context: { webhookUrl: string }): NextStep[] {
  const bot = config.accountUri ? `viber://pa?chatURI=${config.accountUri}` : undefined;
  const steps: NextStep[] = config.webhookRegistered
    ? [{ text: 'Nothing to paste: Parley registered this webhook URL with Viber (set_webhook).', value: context.webhookUrl }]
    : [{
        text: 'Register the webhook now that the channel exists (Viber checks the URL by calling it): send PATCH to this address with the body {"config": {}}; Parley then calls set_webhook.',
        value: context.webhookUrl.replace(/\/webhooks\/([^/]+)$/, '/api/v1/channels/$1'),
      }];
  steps.push({ text: `Customers write to the bot first${bot ? ` (${bot})` : ''}; messages outside the 24-hour session after their last message are billed by Viber.` });
  return steps;
}
