// The app-level Meta webhook route in process (engine/api/routes/meta-app-webhooks.ts): two Messenger
// Pages of one app against the local Graph API stand-in for set-up; bodies signed with node:crypto.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { testApp } from '../support/test-app';

const APP_ID = '1234567890123';
const SECRET = 'route-app-secret-0123456789';
const PAGE_A = '111111111111';
const PAGE_B = '222222222222';
const TOKEN_A = 'EAAG-route-token-a-0000001';
const TOKEN_B = 'EAAG-route-token-b-0000002';

describe('POST/GET /webhooks/meta/{appId}', () => {
  let graph: MetaGraphApi;
  let t: ReturnType<typeof testApp>;
  let ids: { a: string; b: string };
  beforeAll(async () => {
    graph = await startMetaGraphApi({ tokens: [TOKEN_A, TOKEN_B], tokenOwners: { [TOKEN_A]: { id: PAGE_A, name: 'A' }, [TOKEN_B]: { id: PAGE_B, name: 'B' } } });
  });
  afterAll(async () => { await graph.close(); });
  beforeEach(async () => {
    t = testApp();
    const create = async (pageId: string, token: string, verifyToken: string) => {
      const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'messenger', name: pageId, config: { pageId, pageAccessToken: token, appId: APP_ID, appSecret: SECRET, verifyToken, graphApiBaseUrl: graph.url } } });
      expect(res.status).toBe(201);
      return (await res.json()).id as string;
    };
    ids = { a: await create(PAGE_A, TOKEN_A, 'verify-token-a-000'), b: await create(PAGE_B, TOKEN_B, 'verify-token-b-000') };
  });
  afterEach(() => t.close());

  const entry = (pageId: string, mid: string) => ({ id: pageId, time: 1, messaging: [{ sender: { id: `psid-${mid}` }, recipient: { id: pageId }, timestamp: 1_750_000_000_000, message: { mid, text: `hi ${mid}` } }] });
  const post = (body: object, headers = signMetaBody(SECRET, body)) => t.request(`/webhooks/meta/${APP_ID}`, { method: 'POST', headers, body: metaJson(body) });
  const cases = () => t.db.$client.prepare('select channel_id c from cases order by c').all().map((r) => (r as { c: string }).c);

  it('splits one signed POST between the Pages, and a retry adds nothing', async () => {
    const body = { object: 'page', entry: [entry(PAGE_A, 'm.1'), entry(PAGE_B, 'm.2'), entry('999999999999', 'm.3')] };
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 2, duplicates: 0, skipped: ['999999999999'] });
    expect(cases()).toEqual([ids.a, ids.b].sort());
    expect(await (await post(body)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(cases()).toHaveLength(2);
  });

  it('refuses a wrong signature with 401 and writes nothing; an unknown app is 404', async () => {
    const body = { object: 'page', entry: [entry(PAGE_A, 'm.4')] };
    const res = await post(body, signMetaBody('another-app-secret-00000', body));
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_signature');
    expect(cases()).toEqual([]);
    const unknown = await t.request('/webhooks/meta/99999999', { method: 'POST', headers: signMetaBody(SECRET, body), body: metaJson(body) });
    expect(unknown.status).toBe(404);
  });

  it('answers the handshake with either Page’s verify token, and refuses another', async () => {
    const get = (token: string) => t.request(`/webhooks/meta/${APP_ID}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`);
    for (const token of ['verify-token-a-000', 'verify-token-b-000']) expect(await (await get(token)).text()).toBe('42');
    const wrong = await get('nope-nope-nope');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toMatch(/any channel of Meta app/);
  });
});
