// WhatsApp set-up: `GET /{phone-number-id}` with the access token proves the token may use the number
// (and gives its display number and verified name). Next steps: callback URL and verify token, the
// `messages` webhook field, and the Business Account id for listing templates.
import type { ChannelContext, ConnectorDeps, NextStep, SetupResult } from '../connector';
import { metaWebhookSteps } from '../shared/meta/meta-app';
import { setupLookup } from '../shared/meta/setup';
import { publicUrlSteps } from '../shared/public-media';
import type { WhatsAppConfig } from './config';

export async function setupWhatsAppChannel(channel: ChannelContext<WhatsAppConfig>, _context: unknown, deps: ConnectorDeps): Promise<SetupResult<WhatsAppConfig>> {
  const { config } = channel;
  const number = await setupLookup<{ id?: string; display_phone_number?: string; verified_name?: string }>(
    config, deps, config.phoneNumberId, config.accessToken, 'id,display_phone_number,verified_name', 'the accessToken was not accepted for this phone number',
  );
  return {
    config: {
      ...(number.display_phone_number ? { displayPhoneNumber: number.display_phone_number } : {}),
      ...(number.verified_name ? { verifiedName: number.verified_name } : {}),
    },
  };
}

export function whatsappNextSteps(config: WhatsAppConfig, context: { webhookUrl: string }): NextStep[] {
  const number = config.displayPhoneNumber ?? `phone number ${config.phoneNumberId}`;
  return [
    ...metaWebhookSteps('WhatsApp → Configuration → Webhook', context.webhookUrl, config, 'every phone number'),
    { text: `Under Webhook fields, subscribe to this field (it carries ${number}'s messages and delivery statuses).`, value: 'messages' },
    config.businessAccountId
      ? { text: 'Outside the 24-hour window only approved templates can be sent; Parley lists them at this API path.', value: `GET /api/v1/channels/${context.webhookUrl.split('/').pop()}/templates` }
      : { text: 'Add businessAccountId (WhatsApp Manager → Account tools) to this channel so Parley can list your approved templates.' },
    ...publicUrlSteps(context.webhookUrl, 'Meta'),
  ];
}
