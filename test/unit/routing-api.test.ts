// Routing API over app.request (no Temporal): skills, queues, agents, settings, the supervisor
// summary, role enforcement, and what an agent may see of the inbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { routeCase } from '../../engine/routing/route-case';
import { caseVisibility } from '../../engine/routing/case-visibility';
import { readInboxChanges } from '../../engine/cases/inbox-changes';
import { addByocChannel, addAgent, addCase, userKey } from '../support/routing-fixtures';
import { testApp } from '../support/test-app';

let t: ReturnType<typeof testApp>;
let channelId: string;
beforeEach(async () => {
  t = testApp();
  channelId = await addByocChannel(t);
});
afterEach(() => t.close());

const post = (path: string, json: unknown, key?: string) => t.request(path, { method: 'POST', json, key });
const put = (path: string, json: unknown, key?: string) => t.request(path, { method: 'PUT', json, key });

describe('skills and queues', () => {
  it('admins create, rename and delete skills; names are unique; everyone can list them', async () => {
    const billing = await post('/api/v1/skills', { name: 'Billing' });
    expect(billing.status).toBe(201);
    const skill = await billing.json();
    expect((await post('/api/v1/skills', { name: 'Billing' })).status).toBe(409);
    expect((await post('/api/v1/skills', { name: 'Returns' }, t.agentKey)).status).toBe(403);
    expect((await post('/api/v1/skills', { name: 'Returns' }, t.supervisorKey)).status).toBe(403);
    expect((await (await t.request('/api/v1/skills', { key: t.agentKey })).json()).items.map((s: any) => s.name)).toEqual(['Billing']);
    const renamed = await t.request(`/api/v1/skills/${skill.id}`, { method: 'PATCH', json: { name: 'Invoices' } });
    expect(await renamed.json()).toMatchObject({ id: skill.id, name: 'Invoices' });
    expect((await t.request(`/api/v1/skills/${skill.id}`, { method: 'PATCH', json: {} })).status).toBe(400);
    expect((await t.request(`/api/v1/skills/${skill.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.request(`/api/v1/skills/${skill.id}`)).status).toBe(404);
  });

  it('queues: created with defaults, one fallback per account, unknown skills refused, supervisors read, agents do not', async () => {
    const skill = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    const res = await post('/api/v1/queues', { name: 'Billing', skillId: skill.id, filters: { tags: ['invoice'] }, priority: 5 });
    expect(res.status).toBe(201);
    const queue = await res.json();
    expect(queue).toMatchObject({ strategy: 'longest_idle', offerTimeoutMs: 60000, wrapUpMs: 0, isFallback: false, filters: { tags: ['invoice'], channelTypes: [], textContains: [] } });
    expect((await post('/api/v1/queues', { name: 'Everything', isFallback: true })).status).toBe(201);
    const second = await post('/api/v1/queues', { name: 'Other', isFallback: true });
    expect(second.status).toBe(409);
    expect((await second.json()).code).toBe('fallback_exists');
    expect((await post('/api/v1/queues', { name: 'X', skillId: 'skl_nope' })).status).toBe(404);
    expect((await post('/api/v1/queues', { name: 'Y', strategy: 'random' })).status).toBe(400);
    expect((await post('/api/v1/queues', { name: 'Z', offerTimeoutMs: 10 })).status).toBe(400);
    expect((await t.request('/api/v1/queues', { key: t.supervisorKey })).status).toBe(200);
    expect((await t.request('/api/v1/queues', { key: t.agentKey })).status).toBe(403);
    expect((await post('/api/v1/queues', { name: 'W' }, t.supervisorKey)).status).toBe(403);
    const patched = await t.request(`/api/v1/queues/${queue.id}`, { method: 'PATCH', json: { strategy: 'least_busy', filters: { channelTypes: ['email'] } } });
    expect(await patched.json()).toMatchObject({ strategy: 'least_busy', filters: { tags: ['invoice'], channelTypes: ['email'] } });
    expect((await t.request(`/api/v1/queues/${queue.id}`, { method: 'DELETE', key: t.agentKey })).status).toBe(403);
    expect((await t.request(`/api/v1/queues/${queue.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it("a channel's default skill: admin only, the skill must exist", async () => {
    const skill = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    expect((await put(`/api/v1/channels/${channelId}/default-skill`, { skillId: skill.id }, t.agentKey)).status).toBe(403);
    expect(await (await put(`/api/v1/channels/${channelId}/default-skill`, { skillId: skill.id })).json()).toEqual({ channelId, skillId: skill.id });
    expect((await put(`/api/v1/channels/${channelId}/default-skill`, { skillId: 'skl_nope' })).status).toBe(404);
    expect((await put('/api/v1/channels/ch_nope/default-skill', { skillId: null })).status).toBe(404);
  });
});

describe('agents', () => {
  it('status: self or supervisor; skills: admin; the list shows status, skills, capacity and load', async () => {
    addAgent(t.db, t.accountId, 'usr_ana', { name: 'Ana', status: 'offline' });
    addAgent(t.db, t.accountId, 'usr_luis', { name: 'Luis', status: 'offline' });
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const skill = await (await post('/api/v1/skills', { name: 'Billing' })).json();

    const self = await put('/api/v1/agents/usr_ana/status', { status: 'available', capacity: { chat: 2 } }, ana);
    expect(self.status).toBe(200);
    expect(await self.json()).toMatchObject({ status: 'available', capacity: { chat: 2, messaging: 5, email: 10, social: 5 }, reroutedCases: 0 });
    expect((await put('/api/v1/agents/usr_luis/status', { status: 'available' }, ana)).status).toBe(403);
    expect((await put('/api/v1/agents/usr_luis/status', { status: 'away' }, t.supervisorKey)).status).toBe(200);
    expect((await put('/api/v1/agents/usr_luis/status', { status: 'busy' }, t.supervisorKey)).status).toBe(400);
    expect((await put('/api/v1/agents/usr_nobody/status', { status: 'away' })).status).toBe(404);

    expect((await put('/api/v1/agents/usr_ana/skills', { skills: [{ skillId: skill.id, proficiency: 3 }] }, t.supervisorKey)).status).toBe(403);
    expect((await put('/api/v1/agents/usr_ana/skills', { skills: [{ skillId: skill.id, proficiency: 21 }] })).status).toBe(400);
    expect((await put('/api/v1/agents/usr_ana/skills', { skills: [{ skillId: 'skl_nope', proficiency: 3 }] })).status).toBe(422);
    const withSkill = await put('/api/v1/agents/usr_ana/skills', { skills: [{ skillId: skill.id, proficiency: 3 }] });
    expect(await withSkill.json()).toMatchObject({ skills: [{ skillId: skill.id, name: 'Billing', proficiency: 3 }] });

    expect((await t.request('/api/v1/agents', { key: ana })).status).toBe(403);
    expect((await t.request('/api/v1/agents/usr_ana', { key: ana })).status).toBe(200);
    expect((await t.request('/api/v1/agents/usr_luis', { key: ana })).status).toBe(403);
    const { items } = await (await t.request('/api/v1/agents', { key: t.supervisorKey })).json();
    expect(items.filter((a: any) => ['usr_ana', 'usr_luis'].includes(a.id)).map((a: any) => [a.name, a.status, a.activeCases])).toEqual([['Ana', 'available', 0], ['Luis', 'away', 0]]);
  });
});

describe('case visibility and the supervisor summary', () => {
  it('before the account defines any skill, agents see every case (a team that does not route)', async () => {
    addAgent(t.db, t.accountId, 'usr_ana');
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const someone = addCase(t.db, t.accountId, channelId);
    expect((await (await t.request('/api/v1/cases', { key: ana })).json()).items.map((c: any) => c.id)).toEqual([someone]);
    expect((await post(`/api/v1/cases/${someone}/notes`, { text: 'on it' }, ana)).status).toBe(201);
    await post('/api/v1/skills', { name: 'Billing' });
    expect((await (await t.request('/api/v1/cases', { key: ana })).json()).items).toEqual([]);
  });

  it('an agent sees cases assigned to them or in their skills, unless the account lets agents see all', async () => {
    const billing = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    const returns = await (await post('/api/v1/skills', { name: 'Returns' })).json();
    addAgent(t.db, t.accountId, 'usr_ana', { skills: { [billing.id]: 2 } });
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const mine = addCase(t.db, t.accountId, channelId, { assigneeId: 'usr_ana', skillId: returns.id });
    const inSkill = addCase(t.db, t.accountId, channelId, { skillId: billing.id });
    const other = addCase(t.db, t.accountId, channelId, { skillId: returns.id });
    const unskilled = addCase(t.db, t.accountId, channelId);
    const ids = async (key?: string) => (await (await t.request('/api/v1/cases', { key })).json()).items.map((c: any) => c.id).sort();
    expect(await ids(ana)).toEqual([mine, inSkill].sort());
    expect((await t.request(`/api/v1/cases/${other}`, { key: ana })).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${inSkill}`, { key: ana })).status).toBe(200);
    // Nor can she act on it, read its workspace or notes, or follow it live.
    expect((await post(`/api/v1/cases/${other}/messages`, { text: 'hello' }, ana)).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${other}`, { method: 'PATCH', json: { tags: ['x'] }, key: ana })).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${other}/workspace`, { key: ana })).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${other}/notes`, { key: ana })).status).toBe(404);
    expect((await post(`/api/v1/cases/${other}/notes`, { text: 'psst' }, ana)).status).toBe(404);
    const live = readInboxChanges(t.db, t.accountId, 0, caseVisibility(t.db, { accountId: t.accountId, role: 'agent', keyId: 'k', kind: 'user', via: 'bearer', userId: 'usr_ana' }));
    expect([...new Set(live.changes.filter((c) => c.type === 'case').map((c) => c.data.id))].sort()).toEqual([mine, inSkill].sort());
    expect(await ids(t.supervisorKey)).toEqual([mine, inSkill, other, unskilled].sort());
    expect((await put('/api/v1/routing/settings', { agentsSeeAllCases: true }, t.supervisorKey)).status).toBe(403);
    expect(await (await put('/api/v1/routing/settings', { agentsSeeAllCases: true })).json()).toEqual({ agentsSeeAllCases: true });
    expect(await ids(ana)).toEqual([mine, inSkill, other, unskilled].sort());
  });

  it("another account sees none of this account's skills, queues, agents or cases", async () => {
    const skill = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    const queue = await (await post('/api/v1/queues', { name: 'Billing' })).json();
    addAgent(t.db, t.accountId, 'usr_ana');
    const caseId = addCase(t.db, t.accountId, channelId, { skillId: skill.id });
    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    const other = createApiKey(t.db, 'acct_other', 'admin');
    expect((await (await t.request('/api/v1/skills', { key: other })).json()).items).toEqual([]);
    expect((await t.request(`/api/v1/skills/${skill.id}`, { key: other })).status).toBe(404);
    expect((await t.request(`/api/v1/queues/${queue.id}`, { key: other })).status).toBe(404);
    expect((await (await t.request('/api/v1/agents', { key: other })).json()).items.map((a: any) => a.id)).not.toContain('usr_ana');
    expect((await put('/api/v1/agents/usr_ana/status', { status: 'offline' }, other)).status).toBe(404);
    expect((await post(`/api/v1/cases/${caseId}/assign`, { agentId: 'usr_ana' }, other)).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${caseId}/routing`, { key: other })).status).toBe(404);
  });

  it('agents cannot edit rules, skills or queues', async () => {
    const ana = (addAgent(t.db, t.accountId, 'usr_ana'), userKey(t.db, t.accountId, 'usr_ana'));
    expect((await post('/api/v1/rules', { name: 'x' }, ana)).status).toBe(403);
    expect((await post('/api/v1/skills', { name: 'x' }, ana)).status).toBe(403);
    expect((await post('/api/v1/queues', { name: 'x' }, ana)).status).toBe(403);
  });

  it('the summary counts waiting cases and the oldest wait per queue, for supervisors', async () => {
    const billing = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    await put(`/api/v1/channels/${channelId}/default-skill`, { skillId: billing.id });
    const queue = await (await post('/api/v1/queues', { name: 'Billing', skillId: billing.id })).json();
    addAgent(t.db, t.accountId, 'usr_ana', { skills: { [billing.id]: 1 }, capacity: { messaging: 1 } });
    const now = Date.now();
    const [a, b, c] = [addCase(t.db, t.accountId, channelId), addCase(t.db, t.accountId, channelId), addCase(t.db, t.accountId, channelId)];
    expect(routeCase(t.db, a, { reason: 'new', exclude: [] }, now - 5000)).toMatchObject({ kind: 'assigned', agentId: 'usr_ana' });
    routeCase(t.db, b, { reason: 'new', exclude: [] }, now - 4000);
    routeCase(t.db, c, { reason: 'new', exclude: [] }, now - 1000);
    expect((await t.request('/api/v1/routing/queues/summary', { key: t.agentKey })).status).toBe(403);
    const summary = await (await t.request('/api/v1/routing/queues/summary', { key: t.supervisorKey })).json();
    expect(summary.queues).toEqual([expect.objectContaining({ queueId: queue.id, name: 'Billing', waiting: 2, offered: 1, assigned: 0, agentsAvailable: 1, oldestWaitingSince: new Date(now - 4000).toISOString() })]);
    expect(summary.queues[0].oldestWaitingMs).toBeGreaterThanOrEqual(4000);
    // The backlog in the order routing takes it, and one case's routing.
    expect((await t.request('/api/v1/routing/backlog', { key: t.agentKey })).status).toBe(403);
    const backlog = await (await t.request(`/api/v1/routing/backlog?queueId=${queue.id}`, { key: t.supervisorKey })).json();
    expect(backlog.items.map((i: any) => [i.caseId, i.waitReason])).toEqual([[b, 'no_capacity'], [c, 'no_capacity']]);
    expect(await (await t.request(`/api/v1/cases/${a}/routing`)).json()).toMatchObject({
      state: 'assigned', queueId: queue.id, assignment: { agentId: 'usr_ana', state: 'offered', reason: { strategy: 'longest_idle', proficiency: 1 } },
    });
    expect(await (await t.request(`/api/v1/cases/${b}/routing`)).json()).toMatchObject({ state: 'waiting', waitReason: 'no_capacity', assignment: null });
    expect((await t.request('/api/v1/cases/case_nope/routing')).status).toBe(404);
    // The timeline of a waiting case says why.
    const theCase = await (await t.request(`/api/v1/cases/${b}`)).json();
    expect(theCase.events.map((e: any) => e.description)).toEqual(['Every available agent for Billing is at capacity: waiting in backlog of Billing']);
  });

  it('routing moves answer 409 for a case routing has not taken, 422 for unknown agents, 403 for agents on others\' cases', async () => {
    addAgent(t.db, t.accountId, 'usr_ana');
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const caseId = addCase(t.db, t.accountId, channelId);
    const notRouted = await post(`/api/v1/cases/${caseId}/assign`, { agentId: 'usr_ana' });
    expect(notRouted.status).toBe(409);
    expect((await notRouted.json()).code).toBe('case_not_routed');
    expect((await post(`/api/v1/cases/${caseId}/transfer`, { agentId: 'usr_ana', skillId: 'x' })).status).toBe(400);
    expect((await post(`/api/v1/cases/${caseId}/transfer`, { note: 'x' })).status).toBe(400);
    expect((await post(`/api/v1/cases/${caseId}/unassign`, {}, ana)).status).toBe(403);
    expect((await post(`/api/v1/cases/${caseId}/assign`, { agentId: 'usr_other' }, ana)).status).toBe(403);
    expect((await post(`/api/v1/cases/${caseId}/accept`, {}, t.agentKey)).status).toBe(403);
    expect((await post('/api/v1/cases/case_nope/assign', { agentId: 'usr_ana' })).status).toBe(404);
  });

  it('documents every routing path in OpenAPI', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    for (const path of ['/api/v1/skills', '/api/v1/skills/{id}', '/api/v1/queues', '/api/v1/queues/{id}', '/api/v1/agents', '/api/v1/agents/{id}/status', '/api/v1/agents/{id}/skills',
      '/api/v1/cases/{id}/assign', '/api/v1/cases/{id}/transfer', '/api/v1/cases/{id}/unassign', '/api/v1/cases/{id}/accept', '/api/v1/routing/queues/summary', '/api/v1/routing/settings', '/api/v1/routing/backlog', '/api/v1/cases/{id}/routing']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

describe('losing sight of a case live', () => {
  /** Reads the stream's SSE events until `done` (or 5 s). */
  async function readEvents(res: Response, done: (events: { event: string; data: any }[]) => boolean) {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const events: { event: string; data: any }[] = [];
    let buffer = '';
    const deadline = Date.now() + 5000;
    while (!done(events) && Date.now() < deadline) {
      const { value, done: ended } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
        events.push({ event: field('event'), data: JSON.parse(field('data') || 'null') });
      }
    }
    await reader.cancel();
    return events;
  }

  it('a case reassigned away from an agent reaches her stream as case_hidden with its id only; its messages do not', async () => {
    // Cases are limited by skill once the account routes by skill (it has at least one).
    const billing = await (await post('/api/v1/skills', { name: 'Billing' })).json();
    addAgent(t.db, t.accountId, 'usr_ana', { skills: { [billing.id]: 2 } });
    addAgent(t.db, t.accountId, 'usr_luis');
    const ana = userKey(t.db, t.accountId, 'usr_ana');
    const theCase = addCase(t.db, t.accountId, channelId, { assigneeId: 'usr_ana', preview: 'my card was charged twice' });
    const stream = await t.request('/api/v1/stream', { key: ana });
    expect(stream.status).toBe(200);
    // A supervisor hands the case to Luis; then the customer writes again.
    t.db.$client.prepare("update cases set assignee_id = 'usr_luis', preview = 'still charged twice', updated_at = ? where id = ?").run(Date.now(), theCase);
    const events = await readEvents(stream, (e) => e.some((x) => x.event === 'case_hidden'));
    const hidden = events.filter((e) => e.event === 'case_hidden');
    expect(hidden.map((e) => e.data)).toEqual([{ id: theCase }]);
    expect(events.filter((e) => e.event === 'case')).toEqual([]);
    expect(JSON.stringify(events)).not.toContain('charged');

    // Read directly: the case change is hidden, the case's message is dropped, the supervisor sees both.
    const cursor = (t.db.$client.prepare('select max(seq) s from inbox_changes').get() as { s: number }).s;
    t.db.$client.prepare("insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, tags, delivery_status, occurred_at, created_at, updated_at) values ('msg_x', ?, ?, ?, 'in', 'customer', '{}', 'charged twice!', '[]', 'received', 1, 1, 1)")
      .run(t.accountId, theCase, channelId);
    t.db.$client.prepare('update cases set updated_at = updated_at + 1 where id = ?').run(theCase);
    const asAna = readInboxChanges(t.db, t.accountId, cursor, caseVisibility(t.db, { accountId: t.accountId, role: 'agent', keyId: 'k', kind: 'user', via: 'bearer', userId: 'usr_ana' }));
    expect(asAna.changes.map((c) => [c.type, c.data.id])).toEqual([['case_hidden', theCase]]);
    const asSupervisor = readInboxChanges(t.db, t.accountId, cursor);
    expect(asSupervisor.changes.map((c) => c.type).sort()).toEqual(['case', 'message']);
  });
});
