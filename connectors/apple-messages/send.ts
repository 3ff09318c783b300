// Sends one reply through Apple's MSP gateway: each rendered body gzip-compressed, with a JWT the
// MSP signs (iss = MSP id), the message `id` (a UUID derived from Parley's id, so a retry is the
// same message), `Source-Id` = the business and `Destination-Id` = the customer.
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import { contentMessageOf } from '../shared/outbound-content';
import { stableUuid } from '../shared/render/stable-id';
import { DEFAULT_TIMEOUT_MS, secretKeyOf, type AppleMessagesConfig } from './config';
import { renderAppleMessages } from './render';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';

export async function mspToken(config: AppleMessagesConfig, now: number): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(config.mspId).setIssuedAt(Math.floor(now / 1000)).sign(secretKeyOf(config));
}

export async function sendAppleMessage(message: OutboundMessage, channel: ChannelContext<AppleMessagesConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const config = channel.config;
  const customer = message.recipient.externalId;
  const { payloads } = renderAppleMessages(contentMessageOf(message), { recipientId: customer, threadId: message.threadId, locale: message.locale });
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
      const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
      if (isTransientStatus(response.status)) throw new SendError(reason, true, response.status, response.status === 429 && Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
      throw new SendError(reason, false, response.status);
    }
    first ??= id;
  }
  return { providerMessageId: first ?? message.id };
}
