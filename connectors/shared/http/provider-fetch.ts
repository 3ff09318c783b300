// The HTTP side every provider client shares: one request with a timeout, turned into the
// SendError the send activity understands when the provider is slow or unreachable, and which
// HTTP statuses are worth another attempt. What a provider answered is each client's own business.
import { SendError, type ConnectorDeps } from '../../connector';

/** Statuses another attempt can fix: timeout, too early, rate limit, and any server-side failure. */
export const isTransientStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** The most precise reason fetch gives for a failed connection (ECONNREFUSED, ENOTFOUND, …). */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`, if it says something usable. */
export function retryAfterMs(raw: string | null, now: number): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface ProviderCall {
  timeoutMs: number;
  /** Who did not answer in time, e.g. "Telegram getMe". */
  slow: string;
  /** Who could not be reached, e.g. "Telegram Bot API". */
  unreachable: string;
}

/** One request; a timeout or a network failure becomes a transient SendError naming the provider. */
export async function fetchProvider(deps: Pick<ConnectorDeps, 'fetch'>, url: string, init: RequestInit, call: ProviderCall): Promise<Response> {
  try {
    return await deps.fetch(url, { ...init, signal: AbortSignal.timeout(call.timeoutMs) });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new SendError(`${call.slow} did not answer within ${call.timeoutMs} ms.`, true);
    throw new SendError(`${call.unreachable} is unreachable: ${networkReason(err)}.`, true);
  }
}
