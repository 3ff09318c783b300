// Twilio's webhook signature: base64(HMAC-SHA1(authToken, URL + every POST parameter's name and
// value, sorted by name)), in `X-Twilio-Signature`. The URL is exactly what Twilio called.
import { createHmac } from 'node:crypto';

export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of params.getAll(name)) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
