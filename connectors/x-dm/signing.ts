// X's webhook security (docs.x.com/x-api/webhooks): the CRC answer and the signature of every POST
// are `sha256=` + base64(HMAC-SHA256(consumer secret, crc_token or raw body)).
import { createHmac } from 'node:crypto';

export const xWebhookSignature = (consumerSecret: string, data: string | Buffer) =>
  `sha256=${createHmac('sha256', consumerSecret).update(data).digest('base64')}`;
