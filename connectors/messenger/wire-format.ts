// Messenger's webhook format: the Messenger Platform shape with `object: "page"` (channels.md §6c),
// shared with Instagram Direct in connectors/shared/meta/messaging-wire-format.ts.
import { messagingWebhookSchema } from '../shared/meta/messaging-wire-format';

export const MESSENGER_WEBHOOK_OBJECT = 'page';
export const messengerWebhookSchema = messagingWebhookSchema(MESSENGER_WEBHOOK_OBJECT);
export type { MessagingEvent as MessengerEvent } from '../shared/meta/messaging-wire-format';
export type { MetaSendBody as MessengerSendBody } from '../shared/meta/send-api';
