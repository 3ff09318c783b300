// One Graph API call with the channel's token, timeout and base URL. Makes a single attempt: retries
// belong to the send activity, which reads SendError.transient (and retryAfterMs).
import type { ConnectorDeps } from '../../connector';
import { describeGraphError, graphSendError, isTransientGraphFailure, readGraphError } from './graph-error';
import { retryAfterMs } from '../http/provider-fetch';
import { graphUrl, type MetaGraphConfig } from './graph-config';

export interface GraphCall {
  method: 'GET' | 'POST';
  /** Path after the version, e.g. `me/messages` or `123/messages`. */
  path: string;
  /** A full URL instead (Graph paging `next` links). */
  url?: string;
  token: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  /** What the call does, for error messages: "send the message", "list templates". */
  what: string;
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}

export async function graphRequest<T>(
  config: Pick<MetaGraphConfig, 'graphApiBaseUrl' | 'graphApiVersion' | 'timeoutMs'>,
  deps: ConnectorDeps,
  call: GraphCall,
): Promise<T> {
  const url = new URL(call.url ?? graphUrl(config, call.path));
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { authorization: `Bearer ${call.token}` };
  let body: string | FormData | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form) {
    body = call.form;
  }

  let response: Response;
  try {
    response = await deps.fetch(url, { method: call.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw graphSendError(`Meta Graph API did not answer within ${config.timeoutMs} ms (${call.what}).`, true);
    }
    throw graphSendError(`Meta Graph API at ${url.origin} is unreachable (${call.what}): ${describeNetworkError(err)}.`, true);
  }

  const text = await response.text().catch(() => '');
  if (response.ok) {
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw graphSendError(`Meta Graph API answered ${response.status} with a body that is not JSON (${call.what}).`, false, response.status);
    }
  }
  const error = readGraphError(text);
  const transient = isTransientGraphFailure(response.status, error);
  const wait = retryAfterMs(response.headers.get('retry-after'), deps.now());
  throw graphSendError(`${describeGraphError(response.status, error, text)} (${call.what})`, transient, response.status, transient ? wait : undefined);
}
