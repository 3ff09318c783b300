// Registering Parley's webhook with X on connecting: an app-only bearer token from the App keys
// (`POST /oauth2/token`, grant_type=client_credentials, Basic auth), `POST /2/webhooks` {url} with it
// (X sends the CRC GET during the call, which Parley answers: the channel is reserved before set-up),
// then the account's subscription `POST /2/account_activity/webhooks/{id}/subscriptions/all` in the
// user's OAuth 1.0a context, and the X Activity API subscriptions to `dm.received` and `dm.read` (below),
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
  /** The X Activity API subscription to `dm.read` (the customers' read receipts), delivered to the webhook. */
  readReceiptSubscriptionId?: string;
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
// POST /2/activity/subscriptions: security OAuth2UserToken | UserToken | BearerToken). DM events are private: the app-only
// bearer is not enough, they need the context of the user who authorised the App, which for Parley is the account's
// OAuth 1.0a token (UserToken). A subscription names one event type, so Parley makes two: `dm.received` (the DMs)
// and `dm.read` (the customers' read receipts, parse.ts); dm.sent would only echo Parley's replies and
// dm.indicate_typing is not shown.
const DM_EVENTS = {
  received: { eventType: 'dm.received', tag: 'parley-dm' },
  read: { eventType: 'dm.read', tag: 'parley-dm-read' },
} as const;

async function createActivitySubscription(config: XDmConfig, deps: ConnectorDeps, event: { eventType: string; tag: string }, webhookId: string, userId: string): Promise<string> {
  const path = '/2/activity/subscriptions';
  // The OpenAPI answers {data: {subscription: {subscription_id, …}}}; the quickstart shows the fields directly under data.
  type Created = { data?: { subscription_id?: string; subscription?: { subscription_id?: string } } };
  let answer: Created;
  try {
    answer = await callX<Created>(config, 'POST', path, { event_type: event.eventType, filter: { user_id: userId }, webhook_id: webhookId, tag: event.tag }, deps);
  } catch (err) {
    if (err instanceof SendError) throw new SendError(err.message.replace(/^X answered (\d+):/, `X answered $1 to POST ${path} (${event.eventType}):`), false, err.status);
    throw err;
  }
  const id = answer.data?.subscription?.subscription_id ?? answer.data?.subscription_id;
  if (!id) throw new SendError(`X answered POST ${path} (${event.eventType}) without a subscription_id.`, false);
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
  // The same account on the same webhook: the subscriptions made before are reused (a second one would deliver each event twice).
  const sameTarget = config.userId === userId && config.webhookId === webhookId;
  const subscribe = async (event: { eventType: string; tag: string }, known: string | undefined): Promise<string | undefined> => {
    if (known) return known;
    try {
      return await createActivitySubscription(config, deps, event, webhookId, userId);
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      problems.push(err.message);
      return undefined;
    }
  };
  const activitySubscriptionId = await subscribe(DM_EVENTS.received, sameTarget ? config.activitySubscriptionId : undefined);
  const readReceiptSubscriptionId = await subscribe(DM_EVENTS.read, sameTarget ? config.readReceiptSubscriptionId : undefined);
  // Once both XAA subscriptions exist nothing is left to do by hand, so an AAA refusal is not a problem then.
  const done = activitySubscriptionId && readReceiptSubscriptionId;
  return { webhookId, dmSubscribed, activitySubscriptionId, readReceiptSubscriptionId, webhookSetupProblem: done ? undefined : problems.join(' ') || undefined };
}
