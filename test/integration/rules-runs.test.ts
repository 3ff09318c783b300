// Rules running as durable Temporal workflows on a real dev server, a real SQLite file and real
// HTTP: a signed BYOC message triggers a published rule whose actions tag, reply (delivered to the
// fake middleware) and resolve; delays re-check their conditions; a redelivered event runs a rule
// once; a run stays on its version; loops are stopped; an illegal status move fails the run.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { byocCustomers } from '../support/byoc-customers';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule, publishNextVersion } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 11).toString('base64');

interface RunRow { id: string; rule_id: string; version: number; event_id: string; case_id: string; status: string; path: string; steps: string; error: string | null }

describe('rules run as durable workflows', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let accountId: string;
  let customers: ReturnType<typeof byocCustomers>;

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    accountId = h.parley.credentials!.accountId;
    customers = byocCustomers(h, mw, SECRET);
  });
  afterAll(async () => {
    await h?.stop();
    await mw?.close();
  });

  const newChannel = () => customers.newChannel();
  const customerWrites = (channelId: string, conversation: string, text: string) => customers.customerWrites(channelId, conversation, text);
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const runsOf = (ruleId: string) => (h.parley.db.$client.prepare('select * from rule_runs where rule_id = ? order by started_at, id').all(ruleId) as RunRow[])
    .map((r) => ({ ...r, path: JSON.parse(r.path) as { nodeId: string; outcome: string; detail?: string }[], steps: JSON.parse(r.steps) as Record<string, any>[] }));
  const finishedRun = (ruleId: string, caseId: string) => eventually(() => runsOf(ruleId).find((r) => r.case_id === caseId && r.status !== 'running'), 30_000, 100);
  const caseEventsOf = (caseId: string) => h.parley.db.$client.prepare('select type, from_value, to_value, actor, detail from case_events where case_id = ? order by id').all(caseId) as
    { type: string; from_value: string | null; to_value: string | null; actor: string | null; detail: string | null }[];
  const toMiddleware = (conversation: string) => customers.sentTo(conversation);

  it('a published rule reacts to a signed BYOC message: tag, quick-reply auto-reply at the middleware, resolve', async () => {
    const channelId = await newChannel();
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Refunds',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'reembolso' }] },
        { kind: 'action', action: 'add_tag', input: { tag: 'refund' } },
        { kind: 'action', action: 'send_message', input: { text: 'Hola {{contact.name}}, ¿es por el pedido {{case.id}}?', quickReplies: [{ title: 'Sí' }, { title: 'No' }] } },
        { kind: 'action', action: 'change_status', input: { status: 'resolved' } }),
    });

    const { caseIds: [caseId] } = await customerWrites(channelId, 'a1', 'Hola, quiero un reembolso por favor');
    const run = await finishedRun(rule.id, caseId);
    expect(run.status).toBe('completed');
    expect(run.version).toBe(1);
    expect(run.path.map((p) => [p.nodeId, p.outcome])).toEqual([['trigger', 'matched'], ['n1', 'passed'], ['n2', 'executed'], ['n3', 'executed'], ['n4', 'executed']]);
    expect(run.steps.map((s) => [s.nodeId, s.name])).toEqual([['n2', 'add_tag'], ['n3', 'send_message'], ['n4', 'change_status']]);
    expect(run.steps[1].input).toMatchObject({ text: `Hola Ana, ¿es por el pedido ${caseId}?` });
    expect(run.steps[2].output).toEqual({ status: 'resolved' });

    // What a user sees: the tag and the status through the API, the reply at the middleware.
    const theCase = await eventually(async () => { const c = await getCase(caseId); return c.status === 'resolved' ? c : null; });
    expect(theCase.tags).toEqual(['refund']);
    const [reply] = await eventually(() => (toMiddleware('a1').length ? toMiddleware('a1') : null));
    expect(reply.verified).toBe(true);
    expect(reply.body.text).toContain(`Hola Ana, ¿es por el pedido ${caseId}?`);
    expect(reply.body.content.content).toMatchObject({ type: 'quickReplies', replies: [{ id: 'q1', title: 'Sí' }, { id: 'q2', title: 'No' }] });
    expect(theCase.messages.at(-1)).toMatchObject({ direction: 'out', authorType: 'system', authorId: rule.id });

    // The case timeline says which rule, version, run and node did what.
    const detail = { ruleId: rule.id, ruleName: 'Refunds', version: 1, runId: run.id };
    const timeline = caseEventsOf(caseId).filter((e) => e.actor === `rule:${rule.id}`).map((e) => ({ type: e.type, to: e.to_value, detail: JSON.parse(e.detail!) }));
    expect(timeline).toEqual([
      { type: 'tags_changed', to: 'refund', detail: { ...detail, nodeId: 'n2', action: 'add_tag' } },
      { type: 'rule_action', to: expect.stringMatching(/^msg_/), detail: { ...detail, nodeId: 'n3', action: 'send_message', messageId: expect.any(String) } },
      // The rule's reply opened the new case (as an agent's reply would), on the rule's behalf.
      { type: 'status_changed', to: 'open', detail: null },
      { type: 'status_changed', to: 'resolved', detail: { ...detail, nodeId: 'n4', action: 'change_status' } },
    ]);

    // The same timeline through the API, in words.
    const described = (theCase.events as { description: string }[]).map((e) => e.description);
    expect(described).toContain(`Tag refund added by rule Refunds v1 (run ${run.id})`);
    expect(described).toContain(`Status changed from open to resolved by rule Refunds v1 (run ${run.id})`);

    // A message without the word starts no run at all (the pre-check decides, no workflow).
    const other = await customerWrites(channelId, 'a2', 'Hola, ¿dónde está mi pedido?');
    await eventually(() => (h.parley.db.$client.prepare('select count(*) n from rule_events where case_id = ? and available_at is not null').get(other.caseIds[0]) as { n: number }).n === 0);
    expect(runsOf(rule.id).filter((r) => r.case_id === other.caseIds[0])).toEqual([]);
  });

  it('a delay re-checks its conditions with the case as it is when the timer ends', async () => {
    const channelId = await newChannel();
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Follow up',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'action', action: 'change_status', input: { status: 'open' } },
        { kind: 'delay', duration: '2s', recheck: [{ field: 'case.status', op: 'equals', value: 'open' }] },
        { kind: 'action', action: 'add_tag', input: { tag: 'followed-up' } }),
    });
    const { caseIds: [kept] } = await customerWrites(channelId, 'b1', 'hello');
    const { caseIds: [moved] } = await customerWrites(channelId, 'b2', 'hello');
    // During the delay an agent moves one case on.
    await eventually(async () => (await getCase(moved)).status === 'open');
    expect((await h.api(`/api/v1/cases/${moved}`, { method: 'PATCH', json: { status: 'pending' } })).status).toBe(200);

    const continued = await finishedRun(rule.id, kept);
    const stopped = await finishedRun(rule.id, moved);
    expect(continued.path.map((p) => [p.nodeId, p.outcome])).toEqual([['trigger', 'matched'], ['n1', 'executed'], ['n2', 'waited'], ['n3', 'executed']]);
    expect(stopped.path.map((p) => [p.nodeId, p.outcome])).toEqual([['trigger', 'matched'], ['n1', 'executed'], ['n2', 'recheck_failed']]);
    expect(stopped.path[2].detail).toMatch(/pending/);
    expect((await getCase(kept)).tags).toEqual(['followed-up']);
    expect((await getCase(moved)).tags).toEqual([]);
  });

  it('the same event delivered twice runs the rule once (provider retry; the dispatcher relaying it again)', async () => {
    const channelId = await newChannel();
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Once',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'delay', duration: '2s' },
        { kind: 'action', action: 'send_message', input: { text: 'We got your message' } }),
    });
    const first = await customerWrites(channelId, 'c1', 'hello');
    const caseId = first.caseIds[0];
    // The provider retries the same delivery: dropped at ingest.
    const retry = await customers.post(channelId, first.body);
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const run = await eventually(() => runsOf(rule.id).find((r) => r.case_id === caseId));
    // While the run waits, the event is relayed again (a dispatcher's lease ran out): Temporal refuses the duplicate.
    h.parley.db.$client.prepare('update rule_events set available_at = 0 where id = ?').run(run.event_id);
    h.parley.ruleDispatcher!.wake();
    await eventually(() => (h.parley.db.$client.prepare('select available_at a from rule_events where id = ?').get(run.event_id) as { a: number | null }).a === null);
    const done = await finishedRun(rule.id, caseId);
    expect(done.status).toBe('completed');
    // And once more after it finished.
    h.parley.db.$client.prepare('update rule_events set available_at = 0 where id = ?').run(run.event_id);
    h.parley.ruleDispatcher!.wake();
    await eventually(() => (h.parley.db.$client.prepare('select available_at a from rule_events where id = ?').get(run.event_id) as { a: number | null }).a === null);
    await new Promise((r) => setTimeout(r, 1000));
    expect(runsOf(rule.id)).toHaveLength(1);
    expect(toMiddleware('c1')).toHaveLength(1);
    expect((await getCase(caseId)).messages.filter((m: { direction: string }) => m.direction === 'out')).toHaveLength(1);
  });

  it('publishing v2 during a v1 run\'s delay leaves that run on v1', async () => {
    const channelId = await newChannel();
    const graph = (tag: string) => chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
      { kind: 'delay', duration: '2s' },
      { kind: 'action', action: 'add_tag', input: { tag } });
    const rule = insertPublishedRule(h.parley.db, { accountId, name: 'Versioned', graph: graph('v1') });
    const { caseIds: [before] } = await customerWrites(channelId, 'd1', 'hello');
    await eventually(() => runsOf(rule.id).find((r) => r.case_id === before));
    expect(publishNextVersion(h.parley.db, rule.id, graph('v2'))).toBe(2);

    const oldRun = await finishedRun(rule.id, before);
    expect(oldRun).toMatchObject({ status: 'completed', version: 1 });
    expect((await getCase(before)).tags).toEqual(['v1']);
    const { caseIds: [after] } = await customerWrites(channelId, 'd2', 'hello again');
    const newRun = await finishedRun(rule.id, after);
    expect(newRun.version).toBe(2);
    expect((await getCase(after)).tags).toEqual(['v2']);
  });

  it('a rule re-triggered by its own message is stopped, and the stop is recorded with the reason', async () => {
    const channelId = await newChannel();
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Echo',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId], direction: 'any' } },
        { kind: 'action', action: 'send_message', input: { text: 'echo' } }),
    });
    const { caseIds: [caseId] } = await customerWrites(channelId, 'e1', 'ping');
    const stopped = await eventually(() => runsOf(rule.id).find((r) => r.status === 'stopped'), 30_000, 100);
    expect(stopped.error).toBe(`Stopped a loop: rule Echo (${rule.id}) was triggered by its own action 2 times (depth 2).`);
    await eventually(() => runsOf(rule.id).filter((r) => r.status === 'completed').length === 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(runsOf(rule.id).map((r) => r.status).sort()).toEqual(['completed', 'completed', 'stopped']);
    expect(runsOf(rule.id).every((r) => r.case_id === caseId)).toBe(true);
    await eventually(() => toMiddleware('e1').length === 2);
    // The run history shows the stop and why.
    const history = await (await h.api(`/api/v1/rules/${rule.id}/runs`)).json();
    expect(history.items).toContainEqual(expect.objectContaining({ status: 'stopped', error: stopped.error }));
  });

  it('an illegal status move fails the run, with the reason recorded on the node', async () => {
    const channelId = await newChannel();
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Bad move',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'action', action: 'change_status', input: { status: 'resolved' } },
        { kind: 'action', action: 'change_status', input: { status: 'pending' } },
        { kind: 'action', action: 'add_tag', input: { tag: 'never' } }),
    });
    const { caseIds: [caseId] } = await customerWrites(channelId, 'g1', 'hello');
    const run = await finishedRun(rule.id, caseId);
    expect(run.status).toBe('failed');
    expect(run.error).toBe('A resolved case cannot move to pending: reopen it first.');
    expect(run.path.map((p) => [p.nodeId, p.outcome])).toEqual([['trigger', 'matched'], ['n1', 'executed'], ['n2', 'error']]);
    expect(run.steps[1]).toMatchObject({ nodeId: 'n2', name: 'change_status', input: { status: 'pending' }, error: 'A resolved case cannot move to pending: reopen it first.', attempts: 1 });
    const theCase = await getCase(caseId);
    expect(theCase.status).toBe('resolved');
    expect(theCase.tags).toEqual([]);
  });
});
