// Delivers one outbound message to the integrator's middleware: a signed JSON POST. This makes a
// single attempt; retries with backoff belong to the Temporal activity's retry policy, which reads
// SendError.transient to decide whether another attempt can help.
import { type ChannelContext, type ConnectorDeps, type OutboundMessage, SendError, type SendResult } from '../connector';
import { DEFAULT_TIMEOUT_MS, type ByocConfig } from './config';
import { standardWebhookHeaders } from './signing';
import type { ByocOutboundMessage } from './wire-format';
import { isTransientStatus } from '../shared/http/provider-fetch';
import { fallbackText } from '../../model/content/fallback';
import { parseContentMessage } from '../../model/content/model';

const MAX_ERROR_TEXT = 500;

/**
 * The plain text in the customer's language: the words Parley adds (reply hint, labels, slot dates)
 * follow `locale` like on every other channel; the author's own fallback text is kept as written.
 * Content that does not read as a content message goes as the stored text.
 */
function localizedText(message: OutboundMessage): string {
  if (!message.locale) return message.text;
  const parsed = parseContentMessage(message.content);
  return parsed.ok ? fallbackText(parsed.value, { locale: message.locale }) : message.text;
}

export function byocOutboundBody(message: OutboundMessage): ByocOutboundMessage {
  return {
    type: 'message',
    messageId: message.id,
    caseId: message.caseId,
    externalConversationId: message.threadId,
    recipient: message.recipient,
    ...(message.locale ? { locale: message.locale } : {}),
    text: localizedText(message),
    content: message.content,
    attachments: message.attachments,
  };
}

// The URL without query or credentials, for error messages (a query may carry the integrator's token).
function describeEndpoint(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

async function readErrorText(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim();
    return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
  } catch {
    return '';
  }
}

/** The middleware's own id from a 2xx answer `{ externalMessageId }`, if it sent one. */
async function readExternalMessageId(response: Response): Promise<string | undefined> {
  try {
    const answer: unknown = JSON.parse(await response.text());
    const id = (answer as { externalMessageId?: unknown } | null)?.externalMessageId;
    return typeof id === 'string' && id.trim() !== '' ? id : undefined;
  } catch {
    // An empty or non-JSON 2xx body still means the message was accepted.
    return undefined;
  }
}

export async function sendByocMessage(
  message: OutboundMessage,
  channel: ChannelContext<ByocConfig>,
  deps: ConnectorDeps,
): Promise<SendResult> {
  const { outboundUrl, secret, timeoutMs = DEFAULT_TIMEOUT_MS } = channel.config;
  if (!secret) throw new SendError('The BYOC channel has no signing secret configured.', false);
  const endpoint = describeEndpoint(outboundUrl);
  const body = JSON.stringify(byocOutboundBody(message));

  let response: Response;
  try {
    response = await deps.fetch(outboundUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        // webhook-id is Parley's message id, so a retried send is recognizably the same message.
        ...standardWebhookHeaders(secret, message.id, deps.now(), body),
      },
      body,
      // A redirect would drop the POST semantics and re-send signed data elsewhere: surface it instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new SendError(`BYOC middleware at ${endpoint} did not answer within ${timeoutMs} ms.`, true);
    }
    throw new SendError(`BYOC middleware at ${endpoint} is unreachable: ${describeNetworkError(err)}.`, true);
  }

  if (response.ok) {
    return { providerMessageId: (await readExternalMessageId(response)) ?? message.id };
  }

  const status = response.status;
  const retryAfter = response.headers.get('retry-after');
  const errorText = await readErrorText(response);
  const summary = `BYOC middleware at ${endpoint} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const detail = errorText ? `: ${errorText}` : '';
  if (isTransientStatus(status)) {
    const hint = retryAfter ? ` (Retry-After: ${retryAfter})` : '';
    throw new SendError(`${summary}${detail}${hint}`, true, status);
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    throw new SendError(`${summary} (redirect${location ? ` to ${location}` : ''}); set outboundUrl to the final URL.`, false, status);
  }
  throw new SendError(`${summary}${detail}`, false, status);
}
