// Routing inside the case workflow, end to end on a real Temporal dev server, SQLite file and HTTP:
// offers and accepts, re-offers on timeout and when an agent goes offline, the backlog drained when
// an agent becomes available, transfers with a note, wrap-up, many cases at once, and an offer whose
// timer survives a restart of the whole process.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { userKey } from '../support/routing-fixtures';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

describe('routing through the case workflow', () => {
  let h: Harness;
  const taskQueue = `routing-${randomUUID()}`;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue });
  });
  afterAll(async () => { await h?.stop(); });

  const accountId = () => (h.parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
  const ok = async (res: Response, status = 200) => {
    if (res.status !== status) throw new Error(`${res.status}: ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const post = (path: string, json: unknown, key?: string) => h.api(path, { method: 'POST', json, key });
  const put = (path: string, json: unknown, key?: string) => h.api(path, { method: 'PUT', json, key });

  /** A channel with its own skill and queue, so each test routes among its own agents. */
  async function desk(name: string, queue: Record<string, unknown> = {}) {
    const skill = await ok(await post('/api/v1/skills', { name }), 201);
    const channel = await ok(await post('/api/v1/channels', { type: 'byoc', name, config: { outboundUrl: 'http://127.0.0.1:9/out', secret: SECRET } }), 201);
    await ok(await put(`/api/v1/channels/${channel.id}/default-skill`, { skillId: skill.id }));
    const q = await ok(await post('/api/v1/queues', { name, filters: { channelIds: [channel.id] }, ...queue }), 201);
    return { skill, channel, queue: q };
  }
  async function agent(name: string, skills: Record<string, number>, opts: { status?: string; capacity?: Record<string, number> } = {}) {
    const user = await ok(await post('/api/v1/users', { email: `${name.toLowerCase().replace(/\W/g, '')}-${randomUUID().slice(0, 6)}@example.com`, name, role: 'agent', password: 'a long password' }), 201);
    await ok(await put(`/api/v1/agents/${user.id}/skills`, { skills: Object.entries(skills).map(([skillId, proficiency]) => ({ skillId, proficiency })) }));
    const key = userKey(h.parley.db, accountId(), user.id);
    await ok(await put(`/api/v1/agents/${user.id}/status`, { status: opts.status ?? 'available', ...(opts.capacity ? { capacity: opts.capacity } : {}) }, key));
    return { id: user.id as string, key, name };
  }
  async function customerWrites(channelId: string, text: string, conversation = `conv-${++n}`) {
    const body = { type: 'message', externalMessageId: `ext-${randomUUID()}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: 'Customer' }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    return ((await ok(res)) as { caseIds: string[] }).caseIds[0];
  }
  const getCase = async (id: string) => ok(await h.api(`/api/v1/cases/${id}`));
  const timeline = async (id: string) => ((await getCase(id)).events as { type: string; description: string }[])
    .filter((e) => e.type !== 'status_changed').map((e) => e.description);
  const assigneeIs = (caseId: string, agentId: string | null) => eventually(async () => ((await getCase(caseId)).assigneeId === agentId ? true : null));
  const routingState = (caseId: string) => h.parley.db.$client.prepare('select state from case_routing where case_id = ?').get(caseId) as { state: string } | undefined;

  it('offers a new case to the longest-idle agent with the skill; the agent accepts; closing frees them after wrap-up', async () => {
    const { skill, channel } = await desk('Billing', { offerTimeoutMs: 60_000, wrapUpMs: 1500 });
    const ana = await agent('Ana Ruiz', { [skill.id]: 3 });
    const luis = await agent('Luis', { [skill.id]: 3 });
    const caseId = await customerWrites(channel.id, 'My invoice is wrong');
    await assigneeIs(caseId, ana.id);
    expect((await timeline(caseId))[0]).toMatch(/^Offered to Ana Ruiz — longest idle \(\d+ s\), Billing proficiency 3, queue Billing$/);
    // Only the offered agent may accept.
    expect((await post(`/api/v1/cases/${caseId}/accept`, {}, luis.key)).status).toBe(409);
    expect(await ok(await post(`/api/v1/cases/${caseId}/accept`, {}, ana.key))).toMatchObject({ phase: 'assigned', agentId: ana.id });
    // The agent list shows her load.
    const agents = (await ok(await h.api('/api/v1/agents'))).items as { id: string; load: { messaging: number } }[];
    expect(agents.find((a) => a.id === ana.id)!.load.messaging).toBe(1);

    await ok(await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'closed' } }));
    const freed = await eventually(async () => {
      const lines = await timeline(caseId);
      return lines.includes('Capacity freed after 2 s wrap-up') ? lines : null;
    }, 15_000, 200);
    expect(freed).toEqual([expect.stringMatching(/^Offered to Ana Ruiz/), expect.stringMatching(/^Accepted by Ana Ruiz after \d+ s$/), 'Capacity freed after 2 s wrap-up']);
  });

  it('an offer nobody accepts in time goes to the next agent; the reply of the offered agent accepts it', async () => {
    const { skill, channel } = await desk('Returns', { offerTimeoutMs: 1500 });
    const rita = await agent('Rita', { [skill.id]: 1 });
    const tom = await agent('Tom', { [skill.id]: 2 });
    const caseId = await customerWrites(channel.id, 'I want to return my shoes');
    await assigneeIs(caseId, rita.id);
    await assigneeIs(caseId, tom.id);
    expect((await timeline(caseId))[1]).toMatch(/^Offer to Rita expired after 2 s; offered to Tom — longest idle \(\d+ s\), Returns proficiency 2, queue Returns$/);
    // Tom replies: that accepts the offer, and it does not move again.
    expect((await post(`/api/v1/cases/${caseId}/messages`, { text: 'Hi! Happy to help.' }, tom.key)).status).toBe(202);
    await eventually(async () => ((await timeline(caseId)).some((l) => l.startsWith('Accepted by Tom')) ? true : null));
    await new Promise((r) => setTimeout(r, 2000));
    expect((await getCase(caseId)).assigneeId).toBe(tom.id);
  });

  it('an agent going offline has their case offered to another', async () => {
    const { skill, channel } = await desk('Orders', { offerTimeoutMs: null });
    const olga = await agent('Olga', { [skill.id]: 1 });
    const pablo = await agent('Pablo', { [skill.id]: 5 });
    const caseId = await customerWrites(channel.id, 'Where is my order?');
    await assigneeIs(caseId, olga.id);
    const res = await ok(await put(`/api/v1/agents/${olga.id}/status`, { status: 'offline' }, olga.key));
    expect(res.reroutedCases).toBe(1);
    await assigneeIs(caseId, pablo.id);
    expect((await timeline(caseId))[1]).toMatch(/^Olga went offline; assigned to Pablo — longest idle/);
  });

  it('backlog: nobody available, the case waits; when an agent becomes available the sweeper gives it to them', async () => {
    const { skill, channel, queue } = await desk('Warranty', { offerTimeoutMs: null });
    const wendy = await agent('Wendy', { [skill.id]: 4 }, { status: 'away' });
    const caseId = await customerWrites(channel.id, 'My blender broke');
    await eventually(async () => routingState(caseId)?.state === 'waiting');
    expect(await timeline(caseId)).toEqual(['No agent available for Warranty: waiting in backlog of Warranty']);
    const summary = await ok(await h.api('/api/v1/routing/queues/summary'));
    expect(summary.queues.find((q: { queueId: string }) => q.queueId === queue.id), JSON.stringify(summary)).toMatchObject({ waiting: 1, assigned: 0 });
    await ok(await put(`/api/v1/agents/${wendy.id}/status`, { status: 'available' }, wendy.key));
    await assigneeIs(caseId, wendy.id);
    expect((await timeline(caseId))[1]).toMatch(/^Assigned to Wendy after \d+ s in the backlog — longest idle \(\d+ s\), Warranty proficiency 4, queue Warranty$/);
  });

  it('transfer to a skill with a note, then to an agent; unassign routes it again without that agent', async () => {
    const { skill: sales, channel } = await desk('Sales', { offerTimeoutMs: null });
    const support = await ok(await post('/api/v1/skills', { name: 'Support' }), 201);
    const sam = await agent('Sam', { [sales.id]: 1 });
    const sue = await agent('Sue', { [support.id]: 2 });
    const sid = await agent('Sid', { [sales.id]: 9, [support.id]: 9 });
    const caseId = await customerWrites(channel.id, 'The app crashes when I pay');
    await assigneeIs(caseId, sam.id);
    const moved = await ok(await post(`/api/v1/cases/${caseId}/transfer`, { skillId: support.id, note: 'technical problem, not a sale' }, sam.key));
    expect(moved).toMatchObject({ phase: 'assigned', agentId: sue.id });
    expect((await getCase(caseId)).skillId).toBe(support.id);
    const lines = await timeline(caseId);
    expect(lines[1]).toBe('Transferred by Sam to skill Support: technical problem, not a sale');
    expect(lines[2]).toMatch(/^Assigned to Sue — longest idle/);
    // Sam no longer holds it, so he cannot move it.
    expect((await post(`/api/v1/cases/${caseId}/unassign`, {}, sam.key)).status).toBe(403);
    expect(await ok(await post(`/api/v1/cases/${caseId}/transfer`, { agentId: sid.id, note: 'Sid knows this customer' }))).toMatchObject({ agentId: sid.id });
    expect((await timeline(caseId))[3]).toMatch(/^Transferred by .+ from Sue to Sid: Sid knows this customer$/);
    // Unassigning Sid routes the case again among Support agents without him: Sue.
    expect(await ok(await post(`/api/v1/cases/${caseId}/unassign`, {}, sid.key))).toMatchObject({ agentId: sue.id });
    expect((await timeline(caseId))[4]).toMatch(/^Unassigned from Sid by Sid; assigned to Sue/);
    // PATCH assigneeId takes the same path.
    await ok(await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { assigneeId: sam.id } }));
    expect(await ok(await h.api(`/api/v1/cases/${caseId}`))).toMatchObject({ assigneeId: sam.id });
    expect((await timeline(caseId)).at(-1)).toMatch(/^Assigned to Sam by /);
  });

  it("a rule's Assign skill routes the case to that skill's agents", async () => {
    const { skill: triage, channel } = await desk('Triage', { offerTimeoutMs: null });
    const refunds = await ok(await post('/api/v1/skills', { name: 'Refunds' }), 201);
    await agent('Tina', { [triage.id]: 1 });
    const rob = await agent('Rob', { [refunds.id]: 1 });
    insertPublishedRule(h.parley.db, {
      accountId: accountId(), name: 'Refund desk',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channel.id] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'refund' }] },
        { kind: 'action', action: 'assign_skill', input: { skillId: refunds.id } }),
    });
    const caseId = await customerWrites(channel.id, 'I want a refund please');
    await assigneeIs(caseId, rob.id);
    expect((await getCase(caseId)).skillId).toBe(refunds.id);
    // Assignments and the case agree: Rob holds it, nobody else does.
    expect(h.parley.db.$client.prepare("select agent_id a from case_assignments where case_id = ? and state != 'released'").all(caseId)).toEqual([{ a: rob.id }]);
  });

  it("a rule's Route to queue sends the case through that queue, whatever its filters", async () => {
    const { skill: front, channel } = await desk('Front', { offerTimeoutMs: null });
    const vip = await ok(await post('/api/v1/skills', { name: 'VIP' }), 201);
    const lounge = await ok(await post('/api/v1/queues', { name: 'VIP lounge', skillId: vip.id, offerTimeoutMs: null, filters: { textContains: ['never-matches-anything'] } }), 201);
    await agent('Fred', { [front.id]: 1 });
    const val = await agent('Val', { [vip.id]: 1 });
    insertPublishedRule(h.parley.db, {
      accountId: accountId(), name: 'Gold customers',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channel.id] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'gold' }] },
        { kind: 'action', action: 'route_to_queue', input: { queueId: lounge.id } }),
    });
    const caseId = await customerWrites(channel.id, 'I am a gold member');
    await assigneeIs(caseId, val.id);
    expect(await ok(await h.api(`/api/v1/cases/${caseId}/routing`))).toMatchObject({ state: 'assigned', queueId: lounge.id, assignment: { agentId: val.id } });
  });

  it('the best proficiency wins over a longer idle time', async () => {
    const { skill, channel } = await desk('Tax', { offerTimeoutMs: null });
    await agent('Olaf', { [skill.id]: 9 });
    await new Promise((r) => setTimeout(r, 1100));
    const nina = await agent('Nina', { [skill.id]: 1 });
    const caseId = await customerWrites(channel.id, 'VAT question');
    await assigneeIs(caseId, nina.id);
    expect((await timeline(caseId))[0]).toMatch(/^Assigned to Nina — longest idle \(\d+ s\), Tax proficiency 1, queue Tax$/);
  });

  it('least busy and the fallback queue', async () => {
    const { skill, channel } = await desk('Chat', { offerTimeoutMs: null, strategy: 'least_busy', filters: { channelIds: [], textContains: ['zzz-never'] } });
    await ok(await post('/api/v1/queues', { name: 'Fallback', isFallback: true, skillId: skill.id, strategy: 'least_busy', offerTimeoutMs: null }), 201);
    const a = await agent('Amy', { [skill.id]: 1 });
    const b = await agent('Ben', { [skill.id]: 1 });
    const first = await customerWrites(channel.id, 'hello');
    const firstAgent = (await eventually(async () => (await getCase(first)).assigneeId)) as string;
    expect((await timeline(first))[0]).toMatch(/least busy \(0 active cases\), Chat proficiency 1, fallback queue Fallback$/);
    const second = await customerWrites(channel.id, 'hello again');
    const secondAgent = await eventually(async () => (await getCase(second)).assigneeId);
    expect([firstAgent, secondAgent].sort()).toEqual([a.id, b.id].sort());
  });

  it('many cases at once: no agent over capacity, no case assigned twice', async () => {
    const { skill, channel } = await desk('Rush', { offerTimeoutMs: null });
    const agents = [await agent('R1', { [skill.id]: 1 }, { capacity: { messaging: 1 } }), await agent('R2', { [skill.id]: 1 }, { capacity: { messaging: 2 } }),
      await agent('R3', { [skill.id]: 1 }, { capacity: { messaging: 1 } })];
    const caseIds = await Promise.all(Array.from({ length: 10 }, (_, i) => customerWrites(channel.id, `rush ${i}`)));
    await eventually(() => caseIds.every((id) => ['waiting', 'assigned'].includes(routingState(id)?.state ?? '')), 30_000, 200);
    const held = h.parley.db.$client.prepare(`select agent_id a, count(*) n from case_assignments where state != 'released' and case_id in (${caseIds.map(() => '?').join(',')}) group by agent_id`).all(...caseIds) as { a: string; n: number }[];
    expect(Object.fromEntries(held.map((r) => [r.a, r.n]))).toEqual({ [agents[0].id]: 1, [agents[1].id]: 2, [agents[2].id]: 1 });
    const perCase = h.parley.db.$client.prepare(`select max(n) m from (select count(*) n from case_assignments where case_id in (${caseIds.map(() => '?').join(',')}) group by case_id)`).get(...caseIds) as { m: number };
    expect(perCase.m).toBe(1);
    expect(caseIds.filter((id) => routingState(id)?.state === 'waiting')).toHaveLength(6);
  }, 60_000);

  it('an offer survives a restart: its timer fires in the new process and re-offers', async () => {
    const { skill, channel } = await desk('Durable', { offerTimeoutMs: 4000 });
    const dora = await agent('Dora', { [skill.id]: 1 });
    const dan = await agent('Dan', { [skill.id]: 2 });
    const caseId = await customerWrites(channel.id, 'are you there?');
    await assigneeIs(caseId, dora.id);
    const dataDir = h.dataDir;
    await h.stop({ keepData: true });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue, dataDir });
    await assigneeIs(caseId, dan.id);
    expect((await timeline(caseId))[1]).toMatch(/^Offer to Dora expired after \d+ s; offered to Dan/);
  }, 60_000);
});
