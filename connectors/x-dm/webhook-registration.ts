// Registering Parley's webhook with X on connecting: an app-only bearer token from the App keys
// (`POST /oauth2/token`, grant_type=client_credentials, Basic auth), `POST /2/webhooks` {url} with it
// (X sends the CRC GET during the call, which Parley answers: the channel is reserved before set-up),
// then the account's subscription `POST /2/account_activity/webhooks/{id}/subscriptions/all` in the
// user's OAuth 1.0a context, and the X Activity API subscription to `dm.received` (below),
// the format that stays after the Account Activity API ends on 2027-01-01. X only accepts https URLs
// without a port, so with another PARLEY_PUBLIC_URL nothing is tried. Any refusal (no Enterprise /
// pay-per-use access, 403) leaves the manual steps, with X's reason.
import { SendError, type ConnectorDeps } from '../connector';
import { fetchProvider } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { callX } from './x-api';

export interface XRegistration {
  webhookId?: string;
  /** The Account Activity API subscription (subscriptions/all) is in place. */
  dmSubscribed: boolean;
  /** The X Activity API subscription to `dm.received` for the account, delivered to the webhook. */
  activitySubscriptionId?: string;
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

// The X Activity API subscription, as X documents it: https://docs.x.com/x-api/activity/introduction
// ("Legacy DM events", "Event privacy and authentication"), https://docs.x.com/x-api/activity/quickstart
// (body and answer) and https://docs.x.com/x-api/activity/create-x-activity-subscription (the OpenAPI of
// POST /2/activity/subscriptions: security OAuth2UserToken | UserToken | BearerToken). `dm.received` is a private event: the app-only bearer is not
// enough, it needs the context of the user who authorised the App, which for Parley is the account's
// OAuth 1.0a token (UserToken). Only `dm.received` is asked for: parse.ts reads no other XAA event (dm.sent
// would only echo Parley's replies; dm.read / dm.indicate_typing are not read from XAA).
const DM_EVENT = 'dm.received';
const SUBSCRIPTION_TAG = 'parley-dm';

async function createDmActivitySubscription(config: XDmConfig, deps: ConnectorDeps, webhookId: string, userId: string): Promise<string> {
  const path = '/2/activity/subscriptions';
  // The OpenAPI answers {data: {subscription: {subscription_id, …}}}; the quickstart shows the fields directly under data.
  type Created = { data?: { subscription_id?: string; subscription?: { subscription_id?: string } } };
  let answer: Created;
  try {
    answer = await callX<Created>(config, 'POST', path, { event_type: DM_EVENT, filter: { user_id: userId }, webhook_id: webhookId, tag: SUBSCRIPTION_TAG }, deps);
  } catch (err) {
    if (err instanceof SendError) throw new SendError(err.message.replace(/^X answered (\d+):/, `X answered $1 to POST ${path}:`), false, err.status);
    throw err;
  }
  const id = answer.data?.subscription?.subscription_id ?? answer.data?.subscription_id;
  if (!id) throw new SendError(`X answered POST ${path} without a subscription_id.`, false);
  return id;
}

/**
 * `userId`: the business account (GET /2/users/me in set-up), whose DMs the XAA subscription filters on.
 * The two subscriptions are independent: AAA may already be refused (it ends 2027-01-01) while XAA works,
 * and during the migration the same DM arrives through both and is stored once (parse.ts).
 */
export async function registerXWebhook(config: XDmConfig, deps: ConnectorDeps, webhookUrl: string, userId: string): Promise<XRegistration> {
  const urlProblem = xWebhookUrlProblem(webhookUrl);
  if (urlProblem) return { dmSubscribed: false, webhookSetupProblem: urlProblem };
  // A config change re-runs set-up: X allows one webhook per URL, so a known webhook is reused.
  let webhookId: string | undefined = config.webhookId;
  try {
    webhookId ??= await createWebhook(config, deps, await appOnlyToken(config, deps), webhookUrl);
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    return { webhookId, dmSubscribed: false, webhookSetupProblem: err.message };
  }
  const problems: string[] = [];
  let dmSubscribed = false;
  try {
    await callX(config, 'POST', `/2/account_activity/webhooks/${webhookId}/subscriptions/all`, {}, deps, { emptyOk: true });
    dmSubscribed = true;
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    problems.push(err.message.replace(/^X answered (\d+):/, `X answered $1 to POST /2/account_activity/webhooks/${webhookId}/subscriptions/all:`));
  }
  // The same account on the same webhook: the subscription made before is reused (a second one would deliver each DM twice).
  let activitySubscriptionId = config.userId === userId && config.webhookId === webhookId ? config.activitySubscriptionId : undefined;
  try {
    activitySubscriptionId ??= await createDmActivitySubscription(config, deps, webhookId, userId);
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    problems.push(err.message);
  }
  // Once the XAA subscription exists nothing is left to do by hand, so an AAA refusal is not a problem then.
  return { webhookId, dmSubscribed, activitySubscriptionId, webhookSetupProblem: activitySubscriptionId ? undefined : problems.join(' ') || undefined };
}
