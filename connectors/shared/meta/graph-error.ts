// Reading a Graph API failure: Meta answers `{"error": {message, type, code, error_subcode,
// is_transient, error_data: {details}}}`. Rate limits and temporary outages are transient (the send
// activity retries them); anything else — a bad token, a closed window, an invalid payload — is not,
// and Meta's own message becomes the delivery error a person reads.
import { SendError } from '../../connector';

/**
 * Graph error codes a retry can fix: 1 unknown / 2 service temporarily unavailable, 4 app rate limit,
 * 17 user rate limit, 32 page rate limit, 613 calls exceeded the rate; WhatsApp 80007 account rate
 * limit, 130429 throughput, 131056 pair rate (one user), 133004 server temporarily unavailable.
 */
export const TRANSIENT_GRAPH_CODES: ReadonlySet<number> = new Set([1, 2, 4, 17, 32, 613, 80007, 130429, 131056, 133004]);

const MAX_REASON_CHARS = 500;

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_msg?: string;
  error_data?: { details?: string } | string;
  fbtrace_id?: string;
}

/** The `error` object of a Graph API answer, when the text is one. */
export function readGraphError(text: string): GraphErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'object' && error !== null ? (error as GraphErrorBody) : undefined;
  } catch {
    return undefined;
  }
}


export function isTransientGraphFailure(status: number, error: GraphErrorBody | undefined): boolean {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return true;
  if (error?.code !== undefined && TRANSIENT_GRAPH_CODES.has(error.code)) return true;
  return error?.is_transient === true;
}

function cut(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
}

/** A person-readable reason: Meta's message, its code, and WhatsApp's details when given. */
export function describeGraphError(status: number, error: GraphErrorBody | undefined, rawText: string): string {
  if (!error) return `Meta Graph API answered ${status}${rawText.trim() ? `: ${cut(rawText.trim())}` : ''}`;
  const details = typeof error.error_data === 'string' ? error.error_data : error.error_data?.details;
  const code = error.code !== undefined ? ` (code ${error.code}${error.error_subcode !== undefined ? `, subcode ${error.error_subcode}` : ''})` : '';
  const parts = [error.message ?? 'no message', details && details !== error.message ? details : undefined, error.error_user_msg]
    .filter((p): p is string => Boolean(p));
  return cut(`Meta Graph API answered ${status}${code}: ${parts.join(' — ')}`);
}

/** The SendError for a failed Graph call, with the wait Meta asked for when it said so. */
export function graphSendError(message: string, transient: boolean, status?: number, waitMs?: number): SendError {
  return new SendError(waitMs !== undefined ? `${message} (Retry-After: ${Math.ceil(waitMs / 1000)} s)` : message, transient, status, waitMs);
}
