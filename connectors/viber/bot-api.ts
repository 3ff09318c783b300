// One Viber REST bot API call: POST {apiBaseUrl}/pa/{method} with X-Viber-Auth-Token and a JSON body.
// Viber answers HTTP 200 with its own `status` in the body: 0 is success, anything else an error
// (developers.viber.com/docs/api/rest-bot-api/#error-codes), classified here as transient (too many
// requests, HTTP 429/5xx, timeouts) or permanent (a bad token, an unsubscribed receiver, bad data…).
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type ViberConfig } from './config';
import { messageTokenOf, type ViberApiAnswer } from './wire-format';
import { fetchProvider, retryAfterMs } from '../shared/http/provider-fetch';

/** Viber's error codes (status ≠ 0), by name. */
export const VIBER_STATUS: Record<number, string> = {
  1: 'invalidUrl', 2: 'invalidAuthToken', 3: 'badData', 4: 'missingData', 5: 'receiverNotRegistered', 6: 'receiverNotSubscribed',
  7: 'publicAccountBlocked', 8: 'publicAccountNotFound', 9: 'publicAccountSuspended', 10: 'webhookNotSet', 11: 'receiverNoSuitableDevice',
  12: 'tooManyRequests', 13: 'apiVersionNotSupported', 14: 'incompatibleWithVersion', 15: 'publicAccountNotAuthorized',
  16: 'inchatReplyMessageNotAllowed', 17: 'publicAccountIsNotInline', 18: 'noPublicChat', 19: 'cannotSendBroadcast',
  20: 'broadcastNotAllowed', 21: 'unsupportedCountry', 22: 'paymentUnsupported', 23: 'freeMessagesExceeded', 24: 'noBalance',
};

/** Rate limiting is the only Viber status a retry can fix. */
const TRANSIENT_VIBER_STATUS = new Set([12]);
const isTransientHttp = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

export interface ViberResult extends ViberApiAnswer {
  /** The exact message_token digits of the answer, when it has one. */
  messageToken?: string;
}


export async function callViberApi(
  config: Pick<ViberConfig, 'apiBaseUrl' | 'authToken' | 'timeoutMs'>,
  method: string,
  body: Record<string, unknown>,
  deps: ConnectorDeps,
): Promise<ViberResult> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}/pa/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-viber-auth-token': config.authToken },
    body: JSON.stringify(body),
  }, { timeoutMs, slow: `Viber ${method}`, unreachable: 'Viber REST API' });
  const text = await response.text().catch(() => '');
  let answer: ViberApiAnswer | undefined;
  try {
    answer = JSON.parse(text) as ViberApiAnswer;
  } catch {
    answer = undefined;
  }
  if (!response.ok) {
    const message = `Viber ${method} failed with HTTP ${response.status}${answer?.status_message ? `: ${answer.status_message}` : response.statusText ? ` ${response.statusText}` : ''}`;
    if (isTransientHttp(response.status)) {
      throw new SendError(message, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
    }
    throw new SendError(message, false, response.status);
  }
  if (!answer || typeof answer.status !== 'number') throw new SendError(`Viber ${method} answered something that is not a Viber API answer.`, true, response.status);
  if (answer.status !== 0) {
    const name = VIBER_STATUS[answer.status] ?? 'generalError';
    const reason = answer.status_message && answer.status_message !== name ? `${name} (${answer.status_message})` : name;
    throw new SendError(`Viber ${method} failed with status ${answer.status}: ${reason}`, TRANSIENT_VIBER_STATUS.has(answer.status), response.status);
  }
  const messageToken = messageTokenOf(text);
  return { ...answer, ...(messageToken ? { messageToken } : {}) };
}
