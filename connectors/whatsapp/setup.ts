// WhatsApp set-up: `GET /{phone-number-id}` with the access token proves the token may use the number
// (and gives its display number and verified name). Next steps: callback URL and verify token, the
// `messages` webhook field, and the Business Account id for listing templates. With businessAccountId,
// Parley subscribes the WABA to the app itself (`POST /{waba-id}/subscribed_apps`); with appId, it sets
// the app's callback URL; what Meta refuses stays a next step.
import type { ChannelContext, ConnectorDeps, NextStep, SetupContext, SetupResult } from '../connector';
import { callbackSteps, registerMetaWebhook, registrationProblemSteps } from '../shared/meta/webhook-registration';
import { setupLookup } from '../shared/meta/setup';
import { publicUrlSteps } from '../shared/public-media';
import type { WhatsAppConfig } from './config';

export async function setupWhatsAppChannel(channel: ChannelContext<WhatsAppConfig>, context: SetupContext, deps: ConnectorDeps): Promise<SetupResult<WhatsAppConfig>> {
  const { config } = channel;
  const number = await setupLookup<{ id?: string; display_phone_number?: string; verified_name?: string }>(
    config, deps, config.phoneNumberId, config.accessToken, 'id,display_phone_number,verified_name', 'the accessToken was not accepted for this phone number',
  );
  const registration = await registerMetaWebhook(config, deps, context.webhookUrl, {
    subscribe: config.businessAccountId ? { node: config.businessAccountId, token: config.accessToken } : undefined, object: 'whatsapp_business_account', appFields: ['messages'],
  });
  return {
    config: {
      ...registration,
      ...(number.display_phone_number ? { displayPhoneNumber: number.display_phone_number } : {}),
      ...(number.verified_name ? { verifiedName: number.verified_name } : {}),
    },
  };
}

export function whatsappNextSteps(config: WhatsAppConfig, context: { webhookUrl: string }): NextStep[] {
  const number = config.displayPhoneNumber ?? `phone number ${config.phoneNumberId}`;
  return [
    ...callbackSteps('WhatsApp → Configuration → Webhook', context.webhookUrl, config, 'every phone number'),
    config.appCallbackSet
      ? { text: `Parley subscribed the app to this webhook field (it carries ${number}'s messages and delivery statuses).`, value: 'messages' }
      : { text: `Under Webhook fields, subscribe to this field (it carries ${number}'s messages and delivery statuses).`, value: 'messages' },
    ...(config.webhookSubscribed ? [{ text: 'Parley subscribed your WhatsApp Business Account to the app (subscribed_apps), so its numbers\' webhooks reach Parley.' }] : []),
    config.businessAccountId
      ? { text: 'Outside the 24-hour window only approved templates can be sent; Parley lists them at this API path.', value: `GET /api/v1/channels/${context.webhookUrl.split('/').pop()}/templates` }
      : { text: 'Add businessAccountId (WhatsApp Manager → Account tools) to this channel so Parley can list your approved templates.' },
    ...registrationProblemSteps(config),
    ...publicUrlSteps(context.webhookUrl, 'Meta'),
  ];
}
