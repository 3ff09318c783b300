// Customers writing on BYOC channels in integration tests: a channel pointing at the stand-in
// middleware, a signed inbound message per call, and what Parley sent back to a conversation.
import { expect } from 'vitest';
import type { ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import type { Harness } from './parley-harness';

export function byocCustomers(h: Harness, mw: ByocMiddleware, secret: string) {
  let n = 0;
  return {
    /** A new BYOC channel (each test its own, so its rules listen to that channel only). */
    async newChannel(name = 'MW'): Promise<string> {
      const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: `${name} ${++n}`, config: { outboundUrl: mw.url, secret } } });
      return (await res.json()).id as string;
    },
    /** Posts a signed webhook body to the channel. */
    post(channelId: string, body: object) {
      return fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(secret, body), body: JSON.stringify(body) });
    },
    /** The customer of `conversation` writes `text`; returns the cases it landed in and the body sent. */
    async customerWrites(channelId: string, conversation: string, text: string, name = 'Ana') {
      const body = { type: 'message', externalMessageId: `ext-${conversation}-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp: Date.now() };
      const res = await this.post(channelId, body);
      expect(res.status).toBe(200);
      return { ...(await res.json()) as { caseIds: string[]; accepted: number }, body };
    },
    /** What Parley sent to the middleware for a conversation. */
    sentTo(conversation: string) {
      return mw.received.filter((r) => r.body?.externalConversationId === conversation);
    },
  };
}
