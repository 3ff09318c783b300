// The X API stand-in's webhook registration (used by x-api.ts), as X documents it:
// - `POST /oauth2/token` grant_type=client_credentials with Basic base64(key:secret) → an app-only bearer token;
// - `POST /2/webhooks` {url} with that bearer: X refuses a non-https URL or one with a port, then sends
//   the CRC GET (`?crc_token=`) and requires `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer
//   secret, crc_token))}` before it answers `{"data": {id, url, valid: true, created_at}}`;
// - `POST /2/account_activity/webhooks/{id}/subscriptions/all` in the user's OAuth 1.0a context → `{"data": {"subscribed": true}}`;
// - `POST /2/activity/subscriptions` {event_type, filter: {user_id}, webhook_id?, tag?} (X Activity API): `dm.*`
//   are private events, so the app-only bearer is refused (403) and a user context (here OAuth 1.0a) may only
//   subscribe its own user; the webhook must be known → `{"data": {"subscription": {subscription_id, …}}}` (X's OpenAPI).
//   One event type a subscription (`dm.received`, `dm.read`, …); the stand-in refuses a second one with the same
//   event type, user and webhook (409), so a set-up that subscribes twice, and would get each event twice, shows.
// Every call is recorded; `failNext` answers the next webhook / AAA subscription calls with a problem (a 403),
// the `refuseActivity` option the X Activity API subscriptions (an App without that access).
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { XAnswer, XCreds } from './x-api';

export interface XRegistrationCall {
  step: 'token' | 'webhook' | 'subscription' | 'activity';
  /** The Authorization scheme used: Basic, Bearer or OAuth. */
  auth: string;
  url?: string;
  webhookId?: string;
  /** The JSON body sent (activity only). */
  body?: unknown;
  /** What Parley answered to the CRC (webhook only). */
  crc?: { status: number; ok: boolean };
  status: number;
}

export interface XRegistrationOptions {
  /** Where the webhook URL is actually reached (Parley's public https URL → its local address). */
  resolveWebhook?: (url: string) => string;
  /** Asked at each X Activity API subscription that X would accept: an answer refuses it instead. */
  refuseActivity?: () => XAnswer | undefined;
}

const problem = (status: number, title: string, detail: string): XAnswer => ({ status, json: { title, type: 'about:blank', status, detail } });

export function xWebhookRegistration(creds: XCreds, options: XRegistrationOptions) {
  const calls: XRegistrationCall[] = [];
  const scripted: XAnswer[] = [];
  const bearer = `AAAAAAAAAAAAAAAAAAAAA${randomBytes(12).toString('hex')}`;
  const webhooks = new Map<string, string>();
  /** Activity subscriptions made: `event_type|user_id|webhook_id`. */
  const activity = new Set<string>();
  const record = (call: Omit<XRegistrationCall, 'status'>, answer: XAnswer): XAnswer => {
    calls.push({ ...call, status: answer.status });
    return answer;
  };

  /** The answer to a registration call, or null when the request is not one. `signed`: a valid OAuth 1.0a user-context signature. */
  async function answer(req: IncomingMessage, url: URL, body: Buffer, signed: boolean): Promise<XAnswer | null> {
    const authorization = String(req.headers.authorization ?? '');
    const auth = authorization.split(' ')[0] ?? '';
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      const expected = `Basic ${Buffer.from(`${encodeURIComponent(creds.consumerKey)}:${encodeURIComponent(creds.consumerSecret)}`).toString('base64')}`;
      if (authorization !== expected) return record({ step: 'token', auth }, { status: 403, json: { errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }] } });
      if (new URLSearchParams(body.toString('utf8')).get('grant_type') !== 'client_credentials') return record({ step: 'token', auth }, { status: 400, json: { errors: [{ code: 170, message: 'Missing required parameter: grant_type' }] } });
      return record({ step: 'token', auth }, { status: 200, json: { token_type: 'bearer', access_token: bearer } });
    }
    if (req.method === 'POST' && url.pathname === '/2/webhooks') {
      if (authorization !== `Bearer ${bearer}`) return record({ step: 'webhook', auth }, problem(401, 'Unauthorized', 'Unauthorized: POST /2/webhooks needs the app-only bearer token'));
      const target = String(JSON.parse(body.toString('utf8') || '{}').url ?? '');
      const call = { step: 'webhook' as const, auth, url: target };
      const failure = scripted.shift();
      if (failure) return record(call, failure);
      let parsed: URL;
      try { parsed = new URL(target); } catch { return record(call, problem(400, 'Invalid Request', '`url` must be a URL.')); }
      if (parsed.protocol !== 'https:' || parsed.port) return record(call, problem(400, 'Invalid Request', 'The webhook URL must use https and must not include a port.'));
      // X's CRC: it must answer with the HMAC of the token under the consumer secret.
      const crcToken = randomBytes(16).toString('base64url');
      const crcUrl = new URL((options.resolveWebhook ?? ((u: string) => u))(target));
      crcUrl.searchParams.set('crc_token', crcToken);
      let crc: XRegistrationCall['crc'];
      try {
        const response = await fetch(crcUrl, { signal: AbortSignal.timeout(5000) });
        const json = (await response.json().catch(() => ({}))) as { response_token?: string };
        crc = { status: response.status, ok: response.ok && json.response_token === `sha256=${createHmac('sha256', creds.consumerSecret).update(crcToken).digest('base64')}` };
      } catch {
        crc = { status: 0, ok: false };
      }
      if (!crc.ok) return record({ ...call, crc }, problem(400, 'Invalid Request', `CRC check failed: the webhook answered ${crc.status} without the expected response_token.`));
      const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
      webhooks.set(id, target);
      return record({ ...call, crc, webhookId: id }, { status: 200, json: { data: { id, url: target, valid: true, created_at: new Date().toISOString() } } });
    }
    const subscription = /^\/2\/account_activity\/webhooks\/(\d+)\/subscriptions\/all$/.exec(url.pathname);
    if (req.method === 'POST' && subscription) {
      const call = { step: 'subscription' as const, auth, webhookId: subscription[1] };
      if (!signed) return record(call, problem(401, 'Unauthorized', 'Unauthorized: subscriptions need the user\'s OAuth 1.0a context'));
      const failure = scripted.shift();
      if (failure) return record(call, failure);
      if (!webhooks.has(subscription[1])) return record(call, problem(404, 'Not Found Error', `No webhook ${subscription[1]}.`));
      return record(call, { status: 200, json: { data: { subscribed: true } } });
    }
    if (req.method === 'POST' && url.pathname === '/2/activity/subscriptions') {
      let parsed: { event_type?: unknown; filter?: Record<string, unknown>; webhook_id?: unknown; tag?: unknown };
      try { parsed = JSON.parse(body.toString('utf8')) ?? {}; } catch { return record({ step: 'activity', auth }, problem(400, 'Invalid Request', 'The body must be JSON.')); }
      const call = { step: 'activity' as const, auth, body: parsed, webhookId: typeof parsed.webhook_id === 'string' ? parsed.webhook_id : undefined };
      const isApp = authorization === `Bearer ${bearer}`;
      if (!signed && !isApp) return record(call, problem(401, 'Unauthorized', 'Unauthorized'));
      const eventType = String(parsed.event_type ?? '');
      if (!/^(dm|chat|profile\.update|post|follow|like|mute|block|broadcast|news)\.[a-z_.]+$/.test(eventType)) return record(call, problem(400, 'Invalid Request', `event_type ${eventType || '(missing)'} is not a known event type.`));
      const filter = parsed.filter ?? {};
      const extra = Object.keys(filter).filter((k) => !['user_id', 'direction', 'keyword'].includes(k));
      if (typeof filter.user_id !== 'string' || !/^\d+$/.test(filter.user_id) || extra.length) return record(call, problem(400, 'Invalid Request', `filter must be {user_id}${extra.length ? `; unknown: ${extra.join(', ')}` : ''}.`));
      if (/^(dm|chat)\./.test(eventType)) {
        if (isApp) return record(call, problem(403, 'Forbidden', `${eventType} is a private event: it needs the user's authorization, not an app-only token.`));
        if (filter.user_id !== creds.accessToken.split('-')[0]) return record(call, problem(403, 'Forbidden', `Subscriptions to private events can only be created for the authenticated user.`));
      }
      if (call.webhookId !== undefined && !webhooks.has(call.webhookId)) return record(call, problem(400, 'Invalid Request', `No webhook ${call.webhookId}.`));
      const refusal = options.refuseActivity?.();
      if (refusal) return record(call, refusal);
      const key = `${eventType}|${filter.user_id}|${call.webhookId ?? ''}`;
      if (activity.has(key)) return record(call, problem(409, 'Conflict', `A subscription to ${eventType} for user ${filter.user_id} on this webhook already exists.`));
      activity.add(key);
      const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
      const at = new Date().toISOString();
      return record(call, { status: 200, json: { data: { subscription: { subscription_id: id, event_type: eventType, filter: { user_id: filter.user_id }, ...(call.webhookId ? { webhook_id: call.webhookId } : {}), ...(typeof parsed.tag === 'string' ? { tag: parsed.tag } : {}), created_at: at, updated_at: at } } } });
    }
    return null;
  }

  return { answer, calls, failNext: (...answers: XAnswer[]) => void scripted.push(...answers) };
}
