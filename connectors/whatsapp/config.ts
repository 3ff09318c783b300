// A WhatsApp Cloud API channel's configuration: the business phone number (its Phone number ID), the
// WhatsApp Business Account (lists approved templates), a system-user access token, the Meta app
// secret (signs webhooks), the webhook verify token (generated on create) and the Graph API.
import { z } from 'zod';
import { field, learned, primary } from '../shared/config-meta';
import { GRAPH_FACEBOOK_URL, metaGraphFields, withVerifyToken } from '../shared/meta/graph-config';
import { metaAppIdField } from '../shared/meta/meta-app';
import { metaRegistrationFields } from '../shared/meta/webhook-registration';

export const whatsappConfigSchema = z.strictObject({
  /** Phone number ID (WhatsApp Manager → API setup), not the phone number itself. */
  phoneNumberId: z.string({ error: 'phoneNumberId is required: the Phone number ID shown in WhatsApp Manager → API setup' }).regex(/^\d{5,25}$/, 'phoneNumberId must be the numeric Phone number ID, not the phone number')
    .meta(field('Phone number ID', 'WhatsApp Manager → API setup → Phone number ID (a long number, not the phone number itself).')),
  /** WhatsApp Business Account ID: needed to list the account's approved templates. */
  businessAccountId: z.string().regex(/^\d{5,25}$/, 'businessAccountId must be the numeric WhatsApp Business Account ID').optional()
    .meta(primary('WhatsApp Business Account ID', 'WhatsApp Manager → API setup; Parley needs it to list your approved message templates.')),
  /** A (system user) access token with whatsapp_business_messaging and whatsapp_business_management. */
  accessToken: z.string({ error: 'accessToken is required: a system-user access token with whatsapp_business_messaging' }).min(20, 'accessToken looks too short to be a Meta access token')
    .meta(field('Permanent access token', 'A system user\'s token (Business Settings → System users) with whatsapp_business_messaging and whatsapp_business_management.')),
  /**
   * `link`: Meta fetches media from its URL (must be public). `upload`: Parley downloads the file and
   * uploads it to `/{phone-number-id}/media` first (for URLs Meta cannot reach).
   */
  mediaDelivery: z.enum(['link', 'upload'], { error: 'mediaDelivery must be "link" or "upload"' }).default('link')
    .meta(field('Media delivery', 'link: Meta fetches files from their public URL; upload: Parley uploads them first (for URLs Meta cannot reach).')),
  /** The number and its verified business name as Meta reported them at set-up (filled in by Parley). */
  displayPhoneNumber: z.string().optional().meta(learned('Phone number', 'The business number as Meta reported it when the channel was connected.')),
  verifiedName: z.string().optional().meta(learned('Verified business name', 'The display name Meta approved for the number.')),
  ...metaAppIdField,
  ...metaRegistrationFields,
  ...metaGraphFields(GRAPH_FACEBOOK_URL),
});

export type WhatsAppConfig = z.output<typeof whatsappConfigSchema>;

// The verify token is not among them: the person pastes it into Meta's dashboard, so nextSteps shows it.
export const WHATSAPP_SECRET_FIELDS = ['accessToken', 'appSecret'] as const;

export const prepareWhatsAppConfig = (config: WhatsAppConfig): WhatsAppConfig => withVerifyToken(config);
