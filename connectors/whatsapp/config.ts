// A WhatsApp Cloud API channel's configuration: the business phone number (its Phone number ID), the
// WhatsApp Business Account (lists approved templates), a system-user access token, the Meta app
// secret (signs webhooks), the webhook verify token (generated on create) and the Graph API.
import { z } from 'zod';
import { GRAPH_FACEBOOK_URL, metaGraphFields, withVerifyToken } from '../shared/meta/graph-config';

export const whatsappConfigSchema = z.strictObject({
  /** Phone number ID (WhatsApp Manager → API setup), not the phone number itself. */
  phoneNumberId: z.string({ error: 'phoneNumberId is required: the Phone number ID shown in WhatsApp Manager → API setup' }).regex(/^\d{5,25}$/, 'phoneNumberId must be the numeric Phone number ID, not the phone number'),
  /** WhatsApp Business Account ID: needed to list the account's approved templates. */
  businessAccountId: z.string().regex(/^\d{5,25}$/, 'businessAccountId must be the numeric WhatsApp Business Account ID').optional(),
  /** A (system user) access token with whatsapp_business_messaging and whatsapp_business_management. */
  accessToken: z.string({ error: 'accessToken is required: a system-user access token with whatsapp_business_messaging' }).min(20, 'accessToken looks too short to be a Meta access token'),
  /**
   * `link`: Meta fetches media from its URL (must be public). `upload`: Parley downloads the file and
   * uploads it to `/{phone-number-id}/media` first (for URLs Meta cannot reach).
   */
  mediaDelivery: z.enum(['link', 'upload'], { error: 'mediaDelivery must be "link" or "upload"' }).default('link'),
  /** The number and its verified business name as Meta reported them at set-up (filled in by Parley). */
  displayPhoneNumber: z.string().optional(),
  verifiedName: z.string().optional(),
  ...metaGraphFields(GRAPH_FACEBOOK_URL),
});

export type WhatsAppConfig = z.output<typeof whatsappConfigSchema>;

// The verify token is not among them: the person pastes it into Meta's dashboard, so nextSteps shows it.
export const WHATSAPP_SECRET_FIELDS = ['accessToken', 'appSecret'] as const;

export const prepareWhatsAppConfig = (config: WhatsAppConfig): WhatsAppConfig => withVerifyToken(config);
