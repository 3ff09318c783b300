// The inbox by last activity (GET /api/v1/cases?sort=activity): a case with a new customer message
// rises to the top; keyset pages over (updated_at, id) give every case once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inbox order by last activity', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  beforeEach(async () => {
    t = testApp();
    const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } });
    channelId = (await res.json()).id;
  });
  afterEach(() => t.close());

  const say = async (conversation: string, id: string) => {
    const body = { type: 'message', externalMessageId: id, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: `Customer ${conversation}` }, text: `hello ${id}`, timestamp: Date.now() };
    const res = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    await pause(5); // distinct updated_at values, so the expected order is unambiguous
  };
  const names = async (query: string) => ((await (await t.request(`/api/v1/cases?${query}`)).json()).items as { contactName: string }[]).map((c) => c.contactName);

  it('a case with a new customer message comes first with sort=activity; the default stays newest-created first', async () => {
    await say('a', 'm1');
    await say('b', 'm2');
    await say('c', 'm3');
    await say('a', 'm4'); // the oldest case hears from its customer again
    expect(await names('sort=activity')).toEqual(['Customer a', 'Customer c', 'Customer b']);
    expect(await names('')).toEqual(['Customer c', 'Customer b', 'Customer a']);
    expect(await names('sort=created')).toEqual(['Customer c', 'Customer b', 'Customer a']);
  });

  it('pages through every case once with the activity cursor, filters included', async () => {
    for (const [i, conv] of ['a', 'b', 'c', 'd', 'e'].entries()) await say(conv, `m${i}`);
    await say('b', 'm9');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { contactName: string }[]; nextCursor: string | null } =
        await (await t.request(`/api/v1/cases?sort=activity&status=new&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      seen.push(...page.items.map((c) => c.contactName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Customer b', 'Customer e', 'Customer d', 'Customer c', 'Customer a']);
  });

  it('refuses a cursor from the other sort and an unknown sort with 400', async () => {
    await say('a', 'm1');
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const wrong = await t.request(`/api/v1/cases?sort=activity&cursor=${theCase.id}`);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors[0].path).toBe('cursor');
    expect((await t.request('/api/v1/cases?sort=priority')).status).toBe(400);
  });

  it('walks the activity index, newest first, without sorting the inbox', () => {
    const plan = t.db.$client.prepare(`EXPLAIN QUERY PLAN SELECT id FROM cases WHERE account_id = ? AND status IN ('new','open') AND (updated_at, id) < (?, ?) ORDER BY updated_at DESC, id DESC LIMIT 51`)
      .all('acct', Date.now(), 'case_z') as { detail: string }[];
    const text = plan.map((p) => p.detail).join(' | ');
    expect(text).toContain('cases_account_activity');
    expect(text).not.toContain('TEMP B-TREE');
  });
});
