// Instagram Direct's webhook format: the Messenger Platform shape with `object: "instagram"`
// (channels.md §7c), shared with Messenger in connectors/shared/meta/messaging-wire-format.ts.
import { messagingWebhookSchema } from '../shared/meta/messaging-wire-format';

export const INSTAGRAM_WEBHOOK_OBJECT = 'instagram';
export const instagramDirectWebhookSchema = messagingWebhookSchema(INSTAGRAM_WEBHOOK_OBJECT);
export type { MessagingEvent as InstagramDirectEvent } from '../shared/meta/messaging-wire-format';
export type { MetaSendBody as InstagramDirectSendBody } from '../shared/meta/send-api';
