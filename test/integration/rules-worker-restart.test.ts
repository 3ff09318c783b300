// A rule run survives its worker: Parley stops while a run waits on a durable timer, a new Parley
// starts on the same data directory and task queue, and the run finishes there — each action
// done exactly once (Temporal replays the run's history instead of running its actions again).
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 12).toString('base64');

describe('a rule run across a worker restart', () => {
  const running: Harness[] = [];
  let mw: ByocMiddleware;
  let dataDir: string | undefined;
  afterAll(async () => {
    for (const h of running) await h.stop({ keepData: true }).catch(() => {});
    await mw?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes after the restart, with each action done once', async () => {
    const taskQueue = `rules-restart-${randomUUID()}`;
    mw = await startByocMiddleware({ secret: SECRET });
    const first = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue });
    running.push(first);
    dataDir = first.dataDir;
    const accountId = first.parley.credentials!.accountId;
    const channelId = (await (await first.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } })).json()).id;
    const rule = insertPublishedRule(first.parley.db, {
      accountId, name: 'Survives',
      graph: chain({ trigger: 'message.created' },
        { kind: 'action', action: 'add_tag', input: { tag: 'before' } },
        { kind: 'delay', duration: '3s' },
        { kind: 'action', action: 'send_message', input: { text: 'Still here after the restart' } },
        { kind: 'action', action: 'add_tag', input: { tag: 'after' } }),
    });
    const body = { type: 'message', externalMessageId: 'ext-r1', externalConversationId: 'r1', sender: { externalId: 'cust-r1' }, text: 'hello', timestamp: Date.now() };
    const ack = await (await fetch(`${first.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) })).json();
    const caseId = ack.caseIds[0];
    const runRow = (h: Harness) => h.parley.db.$client.prepare('select id, status, path, steps from rule_runs where rule_id = ?').get(rule.id) as
      { id: string; status: string; path: string; steps: string } | undefined;

    // The first action is done and the run waits on its timer: stop everything (worker included).
    await eventually(() => runRow(first) && JSON.parse(runRow(first)!.steps).length === 1);
    await first.stop({ keepData: true });
    running.splice(running.indexOf(first), 1);

    const second = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue, dataDir });
    running.push(second);
    const done = await eventually(() => { const r = runRow(second); return r?.status === 'completed' ? r : null; }, 45_000, 200);
    expect(JSON.parse(done.path).map((p: { nodeId: string; outcome: string }) => [p.nodeId, p.outcome])).toEqual([
      ['trigger', 'matched'], ['n1', 'executed'], ['n2', 'waited'], ['n3', 'executed'], ['n4', 'executed'],
    ]);
    expect(JSON.parse(done.steps).map((s: { name: string }) => s.name)).toEqual(['add_tag', 'send_message', 'add_tag']);

    const theCase = await (await second.api(`/api/v1/cases/${caseId}`)).json();
    expect(theCase.tags).toEqual(['before', 'after']);
    expect(theCase.messages.filter((m: { direction: string }) => m.direction === 'out')).toHaveLength(1);
    await eventually(() => mw.received.length >= 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mw.received.map((r) => r.body.text)).toEqual(['Still here after the restart']);
    const tagChanges = second.parley.db.$client.prepare(`select to_value from case_events where case_id = ? and type = 'tags_changed' order by id`).all(caseId);
    expect(tagChanges).toEqual([{ to_value: 'before' }, { to_value: 'before,after' }]);
  });
});
