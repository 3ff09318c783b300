// Sends one reply through Apple's MSP gateway: each rendered body gzip-compressed, with a JWT the
// MSP signs (iss = MSP id), the message `id` (a UUID derived from Parley's id, so a retry is the
// same message), `Source-Id` = the business and `Destination-Id` = the customer. The reply's files
// are encrypted and uploaded first (media-upload.ts) and ride on its first text message, one U+FFFC
// (object replacement character) in the body per file, where Messages shows it; without a text
// part they go as a text message of their own.
import { gzipSync } from 'node:zlib';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import { contentMessageOf } from '../shared/outbound-content';
import { stableUuid } from '../shared/render/stable-id';
import { DEFAULT_TIMEOUT_MS, type AppleMessagesConfig } from './config';
import { renderAppleMessages, type AppleMessageBody } from './render';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';
import { uploadAppleAttachments, type AmbOutboundAttachment } from './media-upload';
import { mspToken } from './msp-token';

export { mspToken };

const OBJECT_REPLACEMENT = '\uFFFC';

/** The rendered messages with the files placed: on the first text message, else on one of their own. */
export function withAttachments(payloads: AppleMessageBody[], files: AmbOutboundAttachment[], destinationId: string): (AppleMessageBody & { attachments?: AmbOutboundAttachment[] })[] {
  if (files.length === 0) return payloads;
  const marks = OBJECT_REPLACEMENT.repeat(files.length);
  const at = payloads.findIndex((p) => p.type === 'text');
  if (at === -1) return [...payloads, { v: 1, destinationId, type: 'text', body: marks, attachments: files }];
  return payloads.map((p, i) => {
    if (i !== at || p.type !== 'text') return p;
    // A replacement character already in the text would take a file's place: the agent's text never holds one.
    const text = p.body.replaceAll(OBJECT_REPLACEMENT, '').trimEnd();
    return { ...p, body: text ? `${text}\n${marks}` : marks, attachments: files };
  });
}

export async function sendAppleMessage(message: OutboundMessage, channel: ChannelContext<AppleMessagesConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const config = channel.config;
  const customer = message.recipient.externalId;
  const { payloads: rendered } = renderAppleMessages(contentMessageOf(message), { recipientId: customer, threadId: message.threadId, locale: message.locale });
  // Uploaded before anything is sent: a failed upload sends nothing, and the retry starts over.
  const payloads = withAttachments(rendered, await uploadAppleAttachments(message, config, deps), customer);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let first: string | undefined;
  for (const [index, payload] of payloads.entries()) {
    const id = stableUuid(`${message.id}|${index}`);
    const body = gzipSync(JSON.stringify({ ...payload, id, sourceId: config.businessId }));
    const response = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}/v1/message`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await mspToken(config, deps.now())}`, 'content-type': 'application/json', 'content-encoding': 'gzip',
        id, 'source-id': config.businessId, 'destination-id': customer,
      },
      body,
    }, { timeoutMs, slow: "Apple's gateway", unreachable: "Apple's gateway" });
    if (!response.ok) {
      const said = (await response.text().catch(() => '')).trim().slice(0, 300);
      const reason = `Apple's gateway answered ${response.status}${said ? `: ${said}` : ''}`;
      if (isTransientStatus(response.status)) throw new SendError(reason, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
      throw new SendError(reason, false, response.status);
    }
    first ??= id;
  }
  return { providerMessageId: first ?? message.id };
}
