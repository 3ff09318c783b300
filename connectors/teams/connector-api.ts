// One Bot Connector API call: POST {serviceUrl}/v3/conversations/{conversationId}/activities with
// the bot's token, answering `{id}`. Failures are classified for the send activity (channels.md
// §20d; learn.microsoft.com "Teams rate limiting"): 429 with Retry-After, 412, 5xx and network
// errors transient; 401/403/404 and other 4xx permanent, quoting the service's `error.message`.
import { SendError, type ConnectorDeps } from '../connector';
import { botToken, forgetBotToken } from './bot-token';
import { DEFAULT_TIMEOUT_MS, type TeamsConfig } from './config';
import { fetchProvider, isTransientStatus as isSharedTransient, retryAfterMs } from '../shared/http/provider-fetch';

// 412 Precondition Failed is what Teams answers under contention; Microsoft's guidance is to retry it.
// 412 (Precondition Failed) is Bot Connector's "try again" too.
const isTransientStatus = (status: number) => status === 412 || isSharedTransient(status);

export function activitiesUrl(serviceUrl: string, conversationId: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
}


export async function postActivity(
  config: TeamsConfig,
  serviceUrl: string,
  conversationId: string,
  activity: Record<string, unknown>,
  deps: ConnectorDeps,
): Promise<{ id?: string }> {
  const token = await botToken(config, deps);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await fetchProvider(deps, activitiesUrl(serviceUrl, conversationId), {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify(activity),
  }, { timeoutMs, slow: 'The Bot Connector service', unreachable: `The Bot Connector service ${serviceUrl}` });
  const text = await response.text().catch(() => '');
  let answer: { id?: string; error?: { code?: string; message?: string }; message?: string } = {};
  try { answer = text ? JSON.parse(text) : {}; } catch { /* not JSON */ }
  if (response.ok) return { ...(typeof answer.id === 'string' ? { id: answer.id } : {}) };

  if (response.status === 401) forgetBotToken(config);
  const detail = answer.error?.message ?? answer.message ?? text.trim().slice(0, 300);
  const reason = `Teams answered ${response.status}${answer.error?.code ? ` ${answer.error.code}` : ''}${detail ? `: ${detail}` : ''}`;
  if (isTransientStatus(response.status)) {
    throw new SendError(reason, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : undefined);
  }
  throw new SendError(reason, false, response.status);
}
