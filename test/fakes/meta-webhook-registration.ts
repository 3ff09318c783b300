// The Meta Graph API stand-in's webhook registration edges (used by meta-graph-api.ts):
// - `POST /{page-id|ig-id|waba-id}/subscribed_apps[?subscribed_fields=a,b]` with that object's token
//   (checked against the stand-in's tokens), answering `{"success": true}`;
// - `POST /{app-id}/subscriptions` {object, callback_url, verify_token, fields} with the app access
//   token `{app-id}|{app-secret}`: like Meta, it first calls the callback URL with a hub.challenge GET
//   and refuses with (#2200) unless the answer is 200 with the challenge as its body.
// Every call is recorded; `failNext` makes the next registration calls fail (a 403 permission error).
import { randomInt } from 'node:crypto';
import type { GraphAnswer, GraphRequest } from './meta-graph-api';

export interface MetaSubscriptionCall {
  edge: 'subscribed_apps' | 'subscriptions';
  /** The page / IG account / WABA id, or the app id. */
  node: string;
  token?: string;
  /** subscribed_apps: the subscribed_fields query; subscriptions: the body's fields. */
  fields?: string[];
  object?: string;
  callbackUrl?: string;
  verifyToken?: string;
  /** What the callback answered to Meta's hub.challenge GET (subscriptions only). */
  handshake?: { status: number; body: string; challenge: string };
  /** The status the stand-in answered. */
  status: number;
}

export interface MetaRegistrationOptions {
  /** Meta apps the stand-in knows: app id → app secret (the app access token is `{id}|{secret}`). */
  apps?: Record<string, string>;
  /** Where the callback URL is actually reached (Parley's public URL → its local address); identity by default. */
  resolveCallback?: (url: string) => string;
}

export interface MetaWebhookRegistrationFake {
  calls: MetaSubscriptionCall[];
  /** The next registration calls (either edge) get these answers instead, in order. */
  failNext(...answers: GraphAnswer[]): void;
}

const permissionError = (message: string): GraphAnswer => ({ status: 403, json: { error: { message, type: 'OAuthException', code: 200, fbtrace_id: 'AbCdEfGhIjK' } } });
export const SUBSCRIBE_PERMISSION_DENIED = permissionError('(#200) Requires pages_manage_metadata permission to manage the object');

const graphError = (status: number, code: number, message: string, type = 'OAuthException'): GraphAnswer => ({ status, json: { error: { message, type, code, fbtrace_id: 'AbCdEfGhIjK' } } });

export function metaWebhookRegistration(options: MetaRegistrationOptions) {
  const calls: MetaSubscriptionCall[] = [];
  const scripted: GraphAnswer[] = [];
  const record = (call: Omit<MetaSubscriptionCall, 'status'>, answer: GraphAnswer): GraphAnswer => {
    calls.push({ ...call, status: answer.status ?? 200 });
    return answer;
  };

  /** The answer to a registration call, or null when the request is not one. */
  async function answer(request: GraphRequest, tokens: Set<string>): Promise<GraphAnswer | null> {
    const match = /^\/v\d+\.\d+\/(\d+)\/(subscribed_apps|subscriptions)$/.exec(request.path);
    if (!match || request.method !== 'POST') return null;
    const [, node, edge] = match;
    const params: Record<string, string> = { ...request.query, ...(request.form?.fields ?? {}), ...(typeof request.body === 'object' && request.body ? request.body : {}) };
    const fields = params.subscribed_fields ?? params.fields;
    const call = { edge: edge as MetaSubscriptionCall['edge'], node, token: request.token, fields: fields ? String(fields).split(',') : undefined };

    if (edge === 'subscribed_apps') {
      if (!request.token || !tokens.has(request.token)) return record(call, graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));
      const failure = scripted.shift();
      if (failure) return record(call, failure);
      return record(call, { json: { success: true } });
    }

    const secret = options.apps?.[node];
    if (secret === undefined) return record(call, graphError(400, 100, `(#100) Unsupported post request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException'));
    if (request.token !== `${node}|${secret}`) return record(call, graphError(400, 190, 'Invalid OAuth access token signature.'));
    const appCall = { ...call, object: params.object, callbackUrl: params.callback_url, verifyToken: params.verify_token };
    const failure = scripted.shift();
    if (failure) return record(appCall, failure);
    if (!['page', 'instagram', 'whatsapp_business_account', 'user', 'permissions'].includes(params.object)) return record(appCall, graphError(400, 100, '(#100) Param object must be one of {page, instagram, whatsapp_business_account, user, permissions}'));
    if (!params.callback_url || !params.fields) return record(appCall, graphError(400, 100, '(#100) callback_url and fields are required'));
    // Meta verifies the callback before it saves it.
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
    const url = new URL((options.resolveCallback ?? ((u: string) => u))(params.callback_url));
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', params.verify_token ?? '');
    url.searchParams.set('hub.challenge', challenge);
    let handshake: MetaSubscriptionCall['handshake'];
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      handshake = { status: response.status, body: await response.text(), challenge };
    } catch (err) {
      handshake = { status: 0, body: String((err as Error).message), challenge };
    }
    if (handshake.status !== 200 || handshake.body !== challenge) {
      return record({ ...appCall, handshake }, graphError(400, 2200, `(#2200) callback verification failed: Callback verification failed with the following errors: HTTP Status Code = ${handshake.status}; HTTP Message = ${handshake.body.slice(0, 100)}`));
    }
    return record({ ...appCall, handshake }, { json: { success: true } });
  }

  const fake: MetaWebhookRegistrationFake = { calls, failNext: (...answers) => void scripted.push(...answers) };
  return { answer, fake };
}
