// The inbox by last activity (GET /api/v1/cases?sort=activity): a case with a new customer message,
// a reply or an agent's action rises to the top, Parley's own bookkeeping moves nothing; keyset pages
// over (last_activity_at, id) give every case once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';
import { createCaseActivities } from '../../workflows/activities/case-activities';
import type { CaseState } from '../../workflows/case/contract';
import { fillEmptyProfileFields } from '../../engine/contacts/profile-enrichment';
import { updateRouting } from '../../engine/cases/case-commands';
import { getCaseRow } from '../../engine/cases/case-queries';

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
    const plan = t.db.$client.prepare(`EXPLAIN QUERY PLAN SELECT id FROM cases WHERE account_id = ? AND status IN ('new','open') AND (last_activity_at, id) < (?, ?) ORDER BY last_activity_at DESC, id DESC LIMIT 51`)
      .all('acct', Date.now(), 'case_z') as { detail: string }[];
    const text = plan.map((p) => p.detail).join(' | ');
    expect(text).toContain('cases_account_last_activity');
    expect(text).not.toContain('TEMP B-TREE');
  });

  describe('what moves a case', () => {
    const cases = async () => ((await (await t.request('/api/v1/cases?sort=activity')).json()).items as { id: string; contactName: string; contactId: string; lastActivityAt: string; updatedAt: string }[]);
    const order = async () => (await cases()).map((c) => c.contactName);
    const caseOf = async (name: string) => (await cases()).find((c) => c.contactName === name)!;
    const state = (over: Partial<CaseState> = {}): CaseState => ({
      status: 'open', statusUpdatedAt: Date.now(), statusUpdatedBy: 'customer', lastInboundAt: Date.now(), lastOutboundAt: null, inboundCount: 2, outboundCount: 0, autoCloseAt: null, ...over,
    });
    const mirror = (caseId: string, s: CaseState) => createCaseActivities({ db: t.db, channels: {} as never }).mirrorCaseState(caseId, s);

    beforeEach(async () => {
      await say('a', 'm1');
      await say('b', 'm2');
      await say('c', 'm3');
    });

    it("Parley's bookkeeping does not move a case: the workflow's mirror, profile enrichment, a rule's routing change, auto-close", async () => {
      expect(await order()).toEqual(['Customer c', 'Customer b', 'Customer a']);
      const a = await caseOf('Customer a');
      // The workflow mirrors its counters a moment after the message (what used to reorder the inbox).
      await mirror(a.id, state({ status: 'new', statusUpdatedBy: null }));
      await pause(5);
      // The provider's profile fills the contact's language; the case is sent again on the live stream.
      fillEmptyProfileFields(t.db, a.contactId, { language: 'es' }, Date.now());
      await pause(5);
      // A rule tags and re-skills it; the customer's silence closes a resolved case.
      updateRouting(t.db, getCaseRow(t.db, t.accountId, a.id), { tags: ['vip'], skillId: 'billing' }, { actorId: 'rule:rule_1' });
      await mirror(a.id, state({ status: 'closed', statusUpdatedBy: 'system' }));
      const after = await caseOf('Customer a');
      expect(after.updatedAt > a.updatedAt).toBe(true); // the row did change…
      expect(after.lastActivityAt).toBe(a.lastActivityAt); // …its activity did not
      expect(await order()).toEqual(['Customer c', 'Customer b', 'Customer a']);
    });

    it('a customer message, a reply, a note, an agent\'s status change or assignment moves it to the top', async () => {
      const top = async () => (await order())[0];
      await say('a', 'm4');
      expect(await top()).toBe('Customer a');

      const b = await caseOf('Customer b');
      expect((await t.request(`/api/v1/cases/${b.id}/messages`, { method: 'POST', json: { text: 'On it!' } })).status).toBe(202);
      expect(await top()).toBe('Customer b');
      await pause(5);

      const c = await caseOf('Customer c');
      expect((await t.request(`/api/v1/cases/${c.id}/notes`, { method: 'POST', json: { text: 'Ask the warehouse' } })).status).toBe(201);
      expect(await top()).toBe('Customer c');
      await pause(5);

      // An agent resolves Customer a's case (the workflow's mirror writes it, with the agent as actor).
      await mirror((await caseOf('Customer a')).id, state({ status: 'resolved', statusUpdatedBy: 'usr_agent', statusUpdatedAt: Date.now() }));
      expect(await top()).toBe('Customer a');
      await pause(5);

      // An agent assigns Customer b's case (not routed: PATCH writes it).
      const me = (await (await t.request('/api/v1/users')).json()).items[0].id;
      expect((await t.request(`/api/v1/cases/${b.id}`, { method: 'PATCH', json: { assigneeId: me } })).status).toBe(200);
      expect(await order()).toEqual(['Customer b', 'Customer a', 'Customer c']);
    });
  });
});
