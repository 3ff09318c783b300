// Registering Parley's webhook with X on connecting: an app-only bearer token from the App keys
// (`POST /oauth2/token`, grant_type=client_credentials, Basic auth), `POST /2/webhooks` {url} with it
// (X sends the CRC GET during the call, which Parley answers: the channel is reserved before set-up),
// then the account's subscription `POST /2/account_activity/webhooks/{id}/subscriptions/all` in the
// user's OAuth 1.0a context. X only accepts https URLs without a port, so with another PARLEY_PUBLIC_URL
// nothing is tried. Any refusal (no Enterprise / pay-per-use access, 403) leaves the manual steps.
import { SendError, type ConnectorDeps } from '../connector';
import { fetchProvider } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { callX } from './x-api';

export interface XRegistration {
  webhookId?: string;
  dmSubscribed: boolean;
  webhookSetupProblem?: string;
}

/** Why X would refuse this URL, or null when it is acceptable (https, no port). */
export function xWebhookUrlProblem(webhookUrl: string): string | null {
  const url = new URL(webhookUrl);
  if (url.protocol !== 'https:') return `X only accepts https webhook URLs and PARLEY_PUBLIC_URL is ${url.origin}.`;
  if (url.port) return `X does not accept a port in the webhook URL and PARLEY_PUBLIC_URL has port ${url.port}.`;
  return null;
}

async function appOnlyToken(config: XDmConfig, deps: ConnectorDeps): Promise<string> {
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/oauth2/token`;
  const basic = Buffer.from(`${encodeURIComponent(config.consumerKey)}:${encodeURIComponent(config.consumerSecret)}`).toString('base64');
  const response = await fetchProvider(deps, url, {
    method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: 'grant_type=client_credentials',
  }, { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'X', unreachable: 'X' });
  const answer = (await response.json().catch(() => undefined)) as { token_type?: string; access_token?: string; errors?: { message?: string }[] } | undefined;
  if (!response.ok || answer?.token_type !== 'bearer' || !answer.access_token) {
    throw new SendError(`X answered ${response.status} to POST /oauth2/token: ${answer?.errors?.[0]?.message ?? response.statusText}`, false, response.status);
  }
  return answer.access_token;
}

async function createWebhook(config: XDmConfig, deps: ConnectorDeps, bearer: string, webhookUrl: string): Promise<string> {
  const response = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}/2/webhooks`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: webhookUrl }),
  }, { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'X', unreachable: 'X' });
  const answer = (await response.json().catch(() => undefined)) as { data?: { id?: string }; detail?: string; title?: string; errors?: { message?: string }[] } | undefined;
  if (!response.ok || !answer?.data?.id) {
    throw new SendError(`X answered ${response.status} to POST /2/webhooks: ${answer?.errors?.[0]?.message ?? answer?.detail ?? answer?.title ?? response.statusText}`, false, response.status);
  }
  return answer.data.id;
}

export async function registerXWebhook(config: XDmConfig, deps: ConnectorDeps, webhookUrl: string): Promise<XRegistration> {
  const urlProblem = xWebhookUrlProblem(webhookUrl);
  if (urlProblem) return { dmSubscribed: false, webhookSetupProblem: urlProblem };
  // A config change re-runs set-up: X allows one webhook per URL, so a known webhook is reused.
  let webhookId: string | undefined = config.webhookId;
  try {
    webhookId ??= await createWebhook(config, deps, await appOnlyToken(config, deps), webhookUrl);
    await callX(config, 'POST', `/2/account_activity/webhooks/${webhookId}/subscriptions/all`, {}, deps, { emptyOk: true });
    return { webhookId, dmSubscribed: true, webhookSetupProblem: undefined };
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    return { webhookId, dmSubscribed: false, webhookSetupProblem: err.message };
  }
}
