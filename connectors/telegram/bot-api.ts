// One Bot API call: POST {apiBaseUrl}/bot{token}/{method} with a JSON body, read Telegram's
// `{ok, result | error_code, description, parameters}` answer, and classify failures the way the
// send activity needs them (transient or permanent, with Telegram's retry_after).
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type TelegramConfig } from './config';
import type { TelegramApiAnswer } from './wire-format';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';

/** The Bot API endpoint of `method`; the token is part of the path, so never log this URL. */
export function botApiUrl(config: Pick<TelegramConfig, 'apiBaseUrl' | 'botToken'>, method: string): string {
  return `${config.apiBaseUrl.replace(/\/+$/, '')}/bot${config.botToken}/${method}`;
}

/** Calls `method`; resolves with `result`, or throws SendError quoting Telegram's description. */
export async function callBotApi<T>(
  config: Pick<TelegramConfig, 'apiBaseUrl' | 'botToken' | 'timeoutMs'>,
  method: string,
  body: Record<string, unknown> | FormData,
  deps: ConnectorDeps,
): Promise<T> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A file Telegram cannot fetch itself is uploaded as multipart/form-data (fetch sets the boundary).
  const response = await fetchProvider(deps, botApiUrl(config, method), body instanceof FormData
    ? { method: 'POST', body }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  { timeoutMs, slow: `Telegram ${method}`, unreachable: 'Telegram Bot API' });
  let answer: TelegramApiAnswer<T> | undefined;
  try {
    answer = (await response.json()) as TelegramApiAnswer<T>;
  } catch {
    answer = undefined;
  }
  if (response.ok && answer?.ok) return answer.result as T;

  const status = answer?.error_code ?? response.status;
  const description = answer?.description ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  // Flood control: Telegram says how many seconds to wait (parameters.retry_after), the HTTP header may too.
  const retryAfterSeconds = answer?.parameters?.retry_after ?? Number(response.headers.get('retry-after') ?? NaN);
  const retryAfterMs = Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : undefined;
  const message = `Telegram ${method} failed with ${status}: ${description}`;
  if (isTransientStatus(status) || isTransientStatus(response.status)) {
    throw new SendError(message, true, status, status === 429 || response.status === 429 ? retryAfterMs : undefined);
  }
  throw new SendError(message, false, status);
}
