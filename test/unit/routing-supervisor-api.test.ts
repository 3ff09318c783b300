// The supervisor's lists over app.request (no Temporal): the cases with agents (offered or accepted,
// since when, paged with a cursor past any size), the backlog paged the same way, the queue summary
// agreeing with both, and what an agent learns of a waiting case of theirs (the queue's name and the
// case's place) without being able to read or change the queues.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { routeCase } from '../../engine/routing/route-case';
import { addByocChannel, addAgent, addCase, addQueue, addSkill, userKey } from '../support/routing-fixtures';
import { testApp } from '../support/test-app';

let t: ReturnType<typeof testApp>;
let channelId: string;
beforeEach(async () => {
  t = testApp();
  channelId = await addByocChannel(t);
});
afterEach(() => t.close());

const get = async (path: string, key?: string) => {
  const res = await t.request(path, { key });
  return { status: res.status, body: await res.json() };
};
/** Every page of a list, following nextCursor. */
async function allPages(path: string, limit: number) {
  const pages: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const { status, body } = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, t.supervisorKey);
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

/** Billing (offers wait 60 s for the agent) and Returns (assigned at once), both on the one channel's cases by tag. */
function setUp() {
  addSkill(t.db, t.accountId, 'skl_billing', 'Billing');
  addSkill(t.db, t.accountId, 'skl_returns', 'Returns');
  addQueue(t.db, t.accountId, 'q_billing', { skillId: 'skl_billing', filters: { tags: ['billing'] }, priority: 10, offerTimeoutMs: 60_000 });
  addQueue(t.db, t.accountId, 'q_returns', { skillId: 'skl_returns', filters: { tags: ['returns'] }, priority: 5, offerTimeoutMs: null });
  t.db.$client.prepare("update routing_queues set name = case id when 'q_billing' then 'Billing' else 'Returns' end").run();
}

describe('the cases with agents', () => {
  it('says offered or accepted and since when, offers first; pages past 100 with a cursor; the summary counts the same cases', async () => {
    setUp();
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana Ruiz', skills: { skl_billing: 1 }, capacity: { messaging: 500 } });
    addAgent(t.db, t.accountId, 'usr_luis', { name: 'Luis Ortega', skills: { skl_returns: 1 }, capacity: { messaging: 500 } });
    const start = Date.now() - 3_600_000;
    // 3 billing cases offered to Ana, 120 returns assigned to Luis at once, one case Ana holds by hand (no routing).
    const offered = [0, 1, 2].map((i) => {
      const id = addCase(t.db, t.accountId, channelId, { tags: ['billing'], status: 'open' });
      expect(routeCase(t.db, id, { reason: 'new', exclude: [] }, start + 1000 * (3 - i))).toMatchObject({ kind: 'assigned', agentId: 'usr_ana' });
      return id;
    });
    const accepted = Array.from({ length: 120 }, (_, i) => {
      const id = addCase(t.db, t.accountId, channelId, { tags: ['returns'], status: 'open' });
      expect(routeCase(t.db, id, { reason: 'new', exclude: [] }, start + 10_000 + i * 1000)).toMatchObject({ kind: 'assigned', agentId: 'usr_luis' });
      return id;
    });
    const byHand = addCase(t.db, t.accountId, channelId, { assigneeId: 'usr_ana', status: 'pending' });
    // Not with an agent: resolved (still counted in Luis's load until it closes) and an unassigned case.
    t.db.$client.prepare("update cases set status = 'resolved' where id = ?").run(accepted[119]);
    addCase(t.db, t.accountId, channelId);

    expect((await get('/api/v1/routing/assignments', t.agentKey)).status).toBe(403);
    const first = await get('/api/v1/routing/assignments?limit=5', t.supervisorKey);
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ offered: 3, accepted: 120, total: 123 });
    // Offers first, the oldest offer first, with the time left.
    expect(first.body.items.slice(0, 3).map((i: any) => [i.caseId, i.state, i.agentName, i.queueName])).toEqual(
      [...offered].reverse().map((id) => [id, 'offered', 'Ana Ruiz', 'Billing']));
    const offer = first.body.items[0];
    expect(offer.since).toBe(new Date(start + 1000).toISOString());
    expect(offer.offerExpiresAt).toBe(new Date(start + 1000 + 60_000).toISOString());
    expect(offer).toMatchObject({ offerRemainingMs: 0, acceptedAt: null, routed: true, status: 'open', contactName: 'Customer' });
    // Then accepted cases, the newest first: the case held by hand (since its creation, now), then Luis's latest.
    expect(first.body.items.slice(3).map((i: any) => [i.caseId, i.state, i.agentName])).toEqual([
      [byHand, 'accepted', 'Ana Ruiz'],
      [accepted[118], 'accepted', 'Luis Ortega'],
    ]);
    expect(first.body.items[4].since).toBe(new Date(start + 10_000 + 118_000).toISOString());

    // Every page, 50 at a time: each case once, in order, the one held by hand too; the resolved one not.
    const pages = await allPages('/api/v1/routing/assignments', 50);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 23]);
    expect(pages.at(-1).nextCursor).toBeNull();
    const ids = pages.flatMap((p) => p.items.map((i: any) => i.caseId));
    expect(ids).toEqual([...[...offered].reverse(), byHand, ...accepted.slice(0, 119).reverse()]);
    expect(ids).not.toContain(accepted[119]);
    const hand = pages.flatMap((p) => p.items).find((i: any) => i.caseId === byHand);
    expect(hand).toMatchObject({ state: 'accepted', routed: false, queueId: null, queueName: null, agentName: 'Ana Ruiz', status: 'pending' });

    // Filters: only offers; only Luis's.
    expect((await get('/api/v1/routing/assignments?state=offered', t.supervisorKey)).body.items.map((i: any) => i.caseId)).toEqual([...offered].reverse());
    const luis = await get('/api/v1/routing/assignments?agentId=usr_luis&limit=200', t.supervisorKey);
    expect(luis.body.counts).toEqual({ offered: 0, accepted: 119, total: 119 });
    expect(luis.body.items).toHaveLength(119);

    // The summary counts exactly these: per queue, and "No queue" for the case held by hand.
    const summary = (await get('/api/v1/routing/queues/summary', t.supervisorKey)).body;
    expect(summary.queues.map((q: any) => [q.name, q.waiting, q.offered, q.assigned])).toEqual([['Billing', 0, 3, 0], ['Returns', 0, 0, 119], ['No queue', 0, 0, 1]]);

    // A cursor the API did not give out is refused, not guessed at.
    const bad = await get('/api/v1/routing/assignments?cursor=not-a-cursor', t.supervisorKey);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
    expect((await get(`/api/v1/routing/assignments?cursor=${Buffer.from('[1,"x","y"]').toString('base64url')}`, t.supervisorKey)).status).toBe(400);
  });

  it('an offer accepted moves to the accepted cases with its acceptance time', async () => {
    setUp();
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana Ruiz', skills: { skl_billing: 1 } });
    const id = addCase(t.db, t.accountId, channelId, { tags: ['billing'] });
    const offeredAt = Date.now() - 30_000;
    routeCase(t.db, id, { reason: 'new', exclude: [] }, offeredAt);
    const before = (await get('/api/v1/routing/assignments', t.supervisorKey)).body.items[0];
    expect(before).toMatchObject({ caseId: id, state: 'offered', since: new Date(offeredAt).toISOString() });
    expect(before.offerRemainingMs).toBeGreaterThan(25_000);
    expect(before.offerRemainingMs).toBeLessThanOrEqual(30_000);
    const acceptedAt = offeredAt + 12_000;
    t.db.$client.prepare("update case_assignments set state = 'accepted', accepted_at = ? where case_id = ?").run(acceptedAt, id);
    const after = (await get('/api/v1/routing/assignments', t.supervisorKey)).body;
    expect(after.items[0]).toMatchObject({ caseId: id, state: 'accepted', since: new Date(acceptedAt).toISOString(), acceptedAt: new Date(acceptedAt).toISOString(), offerExpiresAt: null, offerRemainingMs: null });
    expect(after.counts).toEqual({ offered: 0, accepted: 1, total: 1 });
  });
  it("a deleted queue's cases count under No queue, in the summary and the lists alike", async () => {
    setUp();
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana Ruiz', skills: { skl_billing: 1 } });
    const held = addCase(t.db, t.accountId, channelId, { tags: ['billing'] });
    routeCase(t.db, held, { reason: 'new', exclude: [] });
    const waits = addCase(t.db, t.accountId, channelId, { tags: ['returns'] });
    routeCase(t.db, waits, { reason: 'new', exclude: [] });
    expect((await t.request('/api/v1/queues/q_billing', { method: 'DELETE' })).status).toBe(204);
    expect((await t.request('/api/v1/queues/q_returns', { method: 'DELETE' })).status).toBe(204);
    const summary = (await get('/api/v1/routing/queues/summary', t.supervisorKey)).body;
    expect(summary.queues.map((q: any) => [q.queueId, q.name, q.waiting, q.offered, q.assigned])).toEqual([[null, 'No queue', 1, 1, 0]]);
    expect((await get('/api/v1/routing/backlog', t.supervisorKey)).body.items.map((i: any) => [i.caseId, i.queueName])).toEqual([[waits, null]]);
    expect((await get('/api/v1/routing/assignments', t.supervisorKey)).body.items.map((i: any) => [i.caseId, i.queueName, i.state])).toEqual([[held, null, 'offered']]);
    expect((await get(`/api/v1/cases/${waits}/routing`)).body).toMatchObject({ state: 'waiting', queueName: null });
  });
});

describe('the backlog', () => {
  it('pages past 200 with a cursor in the order routing takes cases; its total is the summary\'s waiting', async () => {
    setUp();
    // Nobody holds Billing or Returns: everything waits.
    const start = Date.now() - 3_600_000;
    const billing = Array.from({ length: 130 }, (_, i) => {
      const id = addCase(t.db, t.accountId, channelId, { tags: ['billing'] });
      routeCase(t.db, id, { reason: 'new', exclude: [] }, start + i * 1000);
      return id;
    });
    // Two returns cases waiting since the same millisecond: the case id breaks the tie.
    const returns = Array.from({ length: 90 }, (_, i) => {
      const id = addCase(t.db, t.accountId, channelId, { tags: ['returns'] });
      routeCase(t.db, id, { reason: 'new', exclude: [] }, start + Math.floor(i / 2) * 1000);
      return id;
    });
    const pages = await allPages('/api/v1/routing/backlog', 200);
    expect(pages.map((p) => p.items.length)).toEqual([200, 20]);
    expect(pages.every((p) => p.total === 220)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((i: any) => i.caseId));
    // Billing (priority 10) first, the longest waiting first; then Returns.
    const returnsOrder = [...returns].map((id, i) => ({ id, at: Math.floor(i / 2) })).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((x) => x.id);
    expect(ids).toEqual([...billing, ...returnsOrder]);
    expect(pages[0].items[0]).toMatchObject({ queueName: 'Billing', contactName: 'Customer', status: 'new', waitReason: 'no_agent_with_skill' });
    // Smaller pages give the same order.
    expect((await allPages('/api/v1/routing/backlog', 37)).flatMap((p) => p.items.map((i: any) => i.caseId))).toEqual(ids);
    const onlyReturns = await allPages('/api/v1/routing/backlog?queueId=q_returns', 50);
    expect(onlyReturns[0].total).toBe(90);
    expect(onlyReturns.flatMap((p) => p.items.map((i: any) => i.caseId))).toEqual(returnsOrder);

    const summary = (await get('/api/v1/routing/queues/summary', t.supervisorKey)).body;
    expect(summary.queues.map((q: any) => [q.name, q.waiting, q.offered, q.assigned])).toEqual([['Billing', 130, 0, 0], ['Returns', 90, 0, 0]]);
    expect(summary.queues.reduce((n: number, q: any) => n + q.waiting, 0)).toBe(pages[0].total);
    expect((await get('/api/v1/routing/backlog?cursor=%5B%5D', t.supervisorKey)).status).toBe(400);

    // Each waiting case knows its place in its queue, matching the backlog's order.
    const third = await get(`/api/v1/cases/${returnsOrder[2]}/routing`);
    expect(third.body).toMatchObject({ state: 'waiting', queueId: 'q_returns', queueName: 'Returns', position: 3, waitingInQueue: 90, waitReason: 'no_agent_with_skill' });
    expect((await get(`/api/v1/cases/${billing[0]}/routing`)).body).toMatchObject({ position: 1, waitingInQueue: 130, queueName: 'Billing' });
  });
});

describe('what an agent sees of routing', () => {
  it("an agent reads the queue's name and her case's place, but cannot list, read, create, change or delete queues", async () => {
    setUp();
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana Ruiz', skills: { skl_billing: 3 }, status: 'away' });
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const start = Date.now() - 600_000;
    const [first, second] = [0, 1].map((i) => {
      const id = addCase(t.db, t.accountId, channelId, { tags: ['billing'] });
      routeCase(t.db, id, { reason: 'new', exclude: [] }, start + i * 1000);
      return id;
    });
    const returnsCase = addCase(t.db, t.accountId, channelId, { tags: ['returns'] });
    routeCase(t.db, returnsCase, { reason: 'new', exclude: [] }, start);

    // Her skill's case: the queue by name, second in line, and why it waits (she is away).
    const mine = await get(`/api/v1/cases/${second}/routing`, ana);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ state: 'waiting', queueId: 'q_billing', queueName: 'Billing', position: 2, waitingInQueue: 2, waitReason: 'nobody_available', assignment: null });
    expect((await get(`/api/v1/cases/${first}/routing`, ana)).body.position).toBe(1);
    // Another skill's case: she learns nothing of it.
    expect((await get(`/api/v1/cases/${returnsCase}/routing`, ana)).status).toBe(404);

    // The queues themselves stay a supervisor's (read) and an admin's (write).
    expect((await get('/api/v1/queues', ana)).status).toBe(403);
    expect((await get('/api/v1/queues/q_billing', ana)).status).toBe(403);
    expect((await t.request('/api/v1/queues', { method: 'POST', json: { name: 'Mine' }, key: ana })).status).toBe(403);
    expect((await t.request('/api/v1/queues/q_billing', { method: 'PATCH', json: { name: 'Mine' }, key: ana })).status).toBe(403);
    expect((await t.request('/api/v1/queues/q_billing', { method: 'DELETE', key: ana })).status).toBe(403);
    expect((await get('/api/v1/routing/backlog', ana)).status).toBe(403);
    expect((await get('/api/v1/routing/queues/summary', ana)).status).toBe(403);
    expect((await get('/api/v1/routing/assignments', ana)).status).toBe(403);
    expect((await get('/api/v1/queues/q_billing', t.supervisorKey)).body.name).toBe('Billing');

    // Offered to her once she is available: the routing says so, with her name.
    t.db.$client.prepare("update agent_presence set status = 'available' where user_id = 'usr_ana'").run();
    t.db.$client.prepare("update case_routing set state = 'done' where case_id = ?").run(first);
    expect(routeCase(t.db, second, { reason: 'new', exclude: [] })).toMatchObject({ kind: 'assigned', agentId: 'usr_ana' });
    expect((await get(`/api/v1/cases/${second}/routing`, ana)).body).toMatchObject({
      state: 'assigned', queueName: 'Billing', position: null, waitingInQueue: null, assignment: { agentId: 'usr_ana', agentName: 'Ana Ruiz', state: 'offered' },
    });
  });

  it("another account's agent or admin reads none of this account's queues, backlog, cases with agents or case routing", async () => {
    setUp();
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana Ruiz', skills: { skl_billing: 1 } });
    const id = addCase(t.db, t.accountId, channelId, { tags: ['billing'] });
    routeCase(t.db, id, { reason: 'new', exclude: [] });
    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    const admin = createApiKey(t.db, 'acct_other', 'admin');
    const agent = createApiKey(t.db, 'acct_other', 'agent');
    expect((await get('/api/v1/queues/q_billing', admin)).status).toBe(404);
    expect((await get('/api/v1/queues', admin)).body.items).toEqual([]);
    expect((await get('/api/v1/routing/backlog', admin)).body).toEqual({ items: [], nextCursor: null, total: 0 });
    expect((await get('/api/v1/routing/assignments', admin)).body).toEqual({ items: [], nextCursor: null, counts: { offered: 0, accepted: 0, total: 0 } });
    expect((await get('/api/v1/routing/queues/summary', admin)).body.queues).toEqual([]);
    expect((await get(`/api/v1/cases/${id}/routing`, admin)).status).toBe(404);
    expect((await get(`/api/v1/cases/${id}/routing`, agent)).status).toBe(404);
    expect((await get('/api/v1/queues/q_billing', agent)).status).toBe(403);
  });

  it('documents the new fields and the new list in OpenAPI', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const get200 = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema;
    const ref = (schema: any) => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema);
    expect(Object.keys(ref(get200('/api/v1/routing/assignments')).properties)).toEqual(['items', 'nextCursor', 'counts']);
    expect(Object.keys(doc.paths['/api/v1/routing/assignments'].get.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(Object.keys(ref(get200('/api/v1/routing/backlog')).properties)).toEqual(['items', 'nextCursor', 'total']);
    expect(Object.keys(ref(get200('/api/v1/cases/{id}/routing')).properties)).toEqual(expect.arrayContaining(['queueName', 'position', 'waitingInQueue']));
    expect(doc.paths['/api/v1/routing/backlog'].get.parameters.map((p: any) => p.name)).toContain('cursor');
  });
});
