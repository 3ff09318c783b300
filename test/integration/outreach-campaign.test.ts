// A campaign end to end on a real Parley (real Temporal dev server, SQLite file, HTTP) to a stand-in
// BYOC provider: a CSV list imported over HTTP; a customer who wrote STOP is on the do-not-contact
// list and skipped; a contact reachable only on LINE (no proactive outbound) is skipped; the rest
// get their own message once, after the start time; a reply opens a case routed to the campaign's
// skill with "Replied to campaign …" on its timeline. Then pause / resume under a throttle.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accounts, channels } from '../../engine/db/schema';
import { startCampaign } from '../../engine/outreach/campaign-commands';
import { campaignProgressQuery, campaignWorkflowId } from '../../workflows/outreach/contract';
import { chain, insertPublishedRule } from '../support/rule-fixtures';
import { startCampaignProvider, type CampaignProvider } from '../fakes/campaign-provider';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

let h: Harness;
let provider: CampaignProvider;
let channelId: string;

beforeAll(async () => {
  provider = await startCampaignProvider({ secret: SECRET });
  h = await startHarness({ temporalAddress: inject('temporalAddress') });
  const created = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: provider.url, secret: SECRET } } });
  expect(created.status).toBe(201);
  channelId = (await created.json()).id;
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await provider?.close();
});

/** The customer writes through the middleware (a signed BYOC webhook); returns the case id. */
async function customerWrites(sender: string, text: string) {
  const body = { type: 'message', externalMessageId: `in-${sender}-${Date.now()}`, externalConversationId: sender, sender: { externalId: sender }, text, timestamp: Date.now() };
  const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()).caseIds[0] as string;
}

async function uploadCsv(csv: string, query = '') {
  const res = await h.api(`/api/v1/contact-lists${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  return { status: res.status, body: await res.json() };
}

const campaign = async (id: string) => (await h.api(`/api/v1/campaigns/${id}`)).json();
const finished = (id: string, timeoutMs = 60_000) => eventually(async () => {
  const c = await campaign(id);
  return c.status === 'completed' || c.status === 'cancelled' ? c : null;
}, timeoutMs, 200);

describe('a campaign to a BYOC channel', () => {
  it('skips the opted-out and the unreachable, sends everyone else their own message once after the start time, and routes a reply to the skill', async () => {
    // A customer opts out by writing BAJA; Parley acknowledges in the thread.
    await customerWrites('stopper', ' baja ');
    const dnc = await (await h.api(`/api/v1/do-not-contact?channelId=${channelId}`)).json();
    expect(dnc.items).toEqual([expect.objectContaining({ channelId, identity: 'stopper', source: 'keyword', note: 'BAJA' })]);
    const ack = await eventually(() => provider.caseMessages().find((r) => r.body.recipient.externalId === 'stopper'));
    expect(ack.body.text).toContain('No recibirá más mensajes');

    const csv = [
      'id;name;byoc;line;plan',
      '1;Ana;ana;;gold',
      '2;Bo;bo;;silver',
      '3;Stopper;stopper;;gold',
      '4;Lin;;U-line-4;gold',          // reachable only on LINE: no proactive outbound there
      '5;Cy;cy;;bronze',
      '6;Ana again;ana;;gold',         // another row, same BYOC identity: a duplicate for this campaign
      '7;Bad;has space;;gold',         // rejected at import: not a valid id
    ].join('\n');
    const list = await uploadCsv(csv, '?name=Spring');
    expect(list.status).toBe(201);
    expect(list.body).toMatchObject({ status: 'ready', delimiter: ';', counts: { rowsRead: 7, valid: 6, invalid: 1, duplicates: 0 } });
    expect(list.body.report.issues).toEqual([{ rowNumber: 8, field: 'byoc', reason: 'an id must be 1–256 characters without spaces' }]);

    // An unknown variable is refused with the field it is in.
    const bad = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'x', channelId, listId: list.body.id, message: { text: 'Hi {{nmae}}' } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: 'message.content.text', message: expect.stringContaining('unknown variable {{nmae}}') }]);

    // A channel without proactive outbound is refused at creation, with the reason.
    const now = Date.now();
    h.parley.db.insert(channels).values({ id: 'ch_line', accountId: h.parley.db.select().from(accounts).get()!.id, type: 'line', name: 'LINE', config: {}, createdAt: now, updatedAt: now }).run();
    const line = await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'x', channelId: 'ch_line', listId: list.body.id, message: { text: 'Hi' } } });
    expect(line.status).toBe(422);
    expect(await line.json()).toMatchObject({ code: 'channel_no_proactive_outbound', detail: expect.stringContaining('LINE does not allow messages the customer did not start') });

    const startAt = Date.now() + 2_000;
    const created = await h.api('/api/v1/campaigns', {
      method: 'POST',
      json: { name: 'Spring sale', channelId, listId: list.body.id, message: { text: 'Hi {{name}}, {{plan}} members save 20%.' }, startAt: new Date(startAt).toISOString(), mode: 'skill', skillId: 'sales' },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const started = await (await h.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' })).json();
    expect(started.status).toBe('scheduled');

    const done = await finished(id);
    expect(done.recipients).toMatchObject({ total: 6, sent: 3, skipped: 3, failed: 0, queued: 0, skippedBy: { opted_out: 1, no_proactive_outbound: 1, duplicate: 1 } });
    const sends = provider.delivered.filter((d) => d.key.startsWith(id));
    expect(sends.map((d) => [d.recipient, d.text]).sort()).toEqual([
      ['ana', 'Hi Ana, gold members save 20%.'], ['bo', 'Hi Bo, silver members save 20%.'], ['cy', 'Hi Cy, bronze members save 20%.'],
    ]);
    expect(Math.min(...sends.map((d) => d.at))).toBeGreaterThanOrEqual(startAt);
    for (const d of sends) expect(provider.requestsByKey.get(d.key)).toBe(1);

    // Bo replies: a case routed to the skill, the campaign on its timeline, the recipient `replied`.
    const caseId = await customerWrites('bo', 'Interested!');
    const theCase = await eventually(async () => { const c = await (await h.api(`/api/v1/cases/${caseId}`)).json(); return c.skillId ? c : null; });
    expect(theCase.skillId).toBe('sales');
    expect(JSON.stringify(theCase.events)).toContain('Replied to campaign Spring sale');
    const replied = await (await h.api(`/api/v1/campaigns/${id}/recipients?status=replied`)).json();
    expect(replied.items).toEqual([expect.objectContaining({ identity: 'bo', caseId })]);
  }, 90_000);

  it('pauses and resumes under a throttle: nothing goes out while paused, the rate holds, everyone gets one message', async () => {
    const rows = ['id,byoc'];
    for (let i = 1; i <= 24; i++) rows.push(`${i},p-${i}`);
    const list = await uploadCsv(rows.join('\n'), '?name=Pausable');
    const created = await h.api('/api/v1/campaigns', {
      method: 'POST', json: { name: 'Paced', channelId, listId: list.body.id, message: { text: 'Hello {{externalId}}' }, throttlePerSecond: 5 },
    });
    const { id } = await created.json();
    await h.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' });
    const mine = () => provider.delivered.filter((d) => d.key.startsWith(id));
    await eventually(() => mine().length >= 4, 20_000);

    // Paused and resumed at once: it just goes on.
    await h.api(`/api/v1/campaigns/${id}/pause`, { method: 'POST' });
    await h.api(`/api/v1/campaigns/${id}/resume`, { method: 'POST' });
    const afterBlip = mine().length;
    await eventually(() => mine().length >= afterBlip + 4, 4_000);
    expect((await campaign(id)).status).toBe('sending');

    const paused = await h.api(`/api/v1/campaigns/${id}/pause`, { method: 'POST' });
    expect((await paused.json()).status).toBe('paused');
    const atPause = mine().length;
    await new Promise((r) => setTimeout(r, 1_500));
    // At most the one send already on the wire lands after the pause.
    expect(mine().length - atPause).toBeLessThanOrEqual(1);
    const whilePaused = mine().length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mine().length).toBe(whilePaused);
    expect((await campaign(id)).status).toBe('paused');
    // The workflow answers its progress query: paused, with what it has sent so far.
    const progress = await h.parley.client!.workflow.getHandle(campaignWorkflowId(id)).query(campaignProgressQuery);
    expect(progress).toMatchObject({ state: 'paused', totals: { sent: whilePaused, failed: 0 } });

    await h.api(`/api/v1/campaigns/${id}/resume`, { method: 'POST' });
    const done = await finished(id);
    expect(done.status).toBe('completed');
    expect(done.recipients).toMatchObject({ total: 24, sent: 24 });
    const sends = mine();
    expect(new Set(sends.map((d) => d.recipient)).size).toBe(24);
    for (const d of sends) expect(provider.requestsByKey.get(d.key)).toBe(1);
    // 5 per second, across the pause and the resumes too: message k goes no earlier than k/5 s after the first
    // (less 50 ms of timer and network slack), so no window of time ever holds more than its share.
    const first = sends[0].at;
    sends.forEach((d, k) => expect(d.at - first).toBeGreaterThanOrEqual((k * 1000) / 5 - 50));
  }, 90_000);

  it('continues as new when its history grows, and still sends to everyone once', async () => {
    const rows = ['id,byoc'];
    for (let i = 1; i <= 40; i++) rows.push(`${i},c-${i}`);
    const list = await uploadCsv(rows.join('\n'), '?name=Long');
    const { id } = await (await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'Long', channelId, listId: list.body.id, message: { text: 'Hi' } } })).json();
    const accountId = h.parley.db.select().from(accounts).get()!.id;
    // Batches of 3 and a history limit of 25 events: several runs carry the state on.
    await startCampaign({ db: h.parley.db, client: h.parley.client!, taskQueue: h.config.temporal.taskQueue }, accountId, id, { limits: { batchSize: 3, continueAsNewAfterEvents: 25 } });
    const done = await finished(id);
    expect(done.recipients).toMatchObject({ total: 40, sent: 40 });
    const sends = provider.delivered.filter((d) => d.key.startsWith(id));
    expect(new Set(sends.map((d) => d.recipient)).size).toBe(40);
    expect(sends).toHaveLength(40);
    const history = await h.parley.client!.workflow.getHandle(campaignWorkflowId(id)).fetchHistory();
    expect(history.events![0].workflowExecutionStartedEventAttributes!.continuedExecutionRunId).toBeTruthy();
  }, 90_000);

  it('is started by a rule, and the campaign shows on the timeline of the case that started it', async () => {
    const list = await uploadCsv('id,byoc\n1,r-1\n2,r-2\n', '?name=From a rule');
    const { id } = await (await h.api('/api/v1/campaigns', { method: 'POST', json: { name: 'Welcome back', channelId, listId: list.body.id, message: { text: 'Welcome back {{externalId}}' } } })).json();
    const accountId = h.parley.db.select().from(accounts).get()!.id;
    insertPublishedRule(h.parley.db, {
      accountId, name: 'Start the welcome campaign',
      graph: chain({ trigger: 'message.created' }, { kind: 'action', action: 'start_campaign', input: { campaignId: id } }),
    });
    const caseId = await customerWrites('vip', 'start it please');
    const done = await finished(id);
    expect(done.recipients).toMatchObject({ total: 2, sent: 2 });
    const theCase = await eventually(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      return c.events.some((e: { type: string }) => e.type === 'campaign_started') ? c : null;
    });
    const started = theCase.events.find((e: { type: string }) => e.type === 'campaign_started');
    expect(started.description).toMatch(/^Campaign Welcome back started by rule Start the welcome campaign v1 \(run /);
  }, 90_000);

  it('waits durably for its sending window (nothing goes out before it opens) and can be cancelled while waiting', async () => {
    // A list uploaded as a multipart form, with an explicit mapping.
    const form = new FormData();
    form.append('file', new Blob(['customer,app user,tier\nw1,win-1,a\nw2,win-2,b\n'], { type: 'text/csv' }), 'window.csv');
    form.append('mapping', JSON.stringify({ externalId: 'customer', identities: { byoc: 'app user' } }));
    const uploaded = await h.api('/api/v1/contact-lists', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const list = await uploaded.json();
    expect(list).toMatchObject({ name: 'window', counts: { valid: 2 }, mapping: { externalId: 'customer', identities: { byoc: 'app user' }, variables: ['tier'] } });

    // A window only on tomorrow's weekday: closed now.
    const now = new Date();
    const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    const tomorrow = days[(now.getUTCDay() + 1) % 7];
    const created = await h.api('/api/v1/campaigns', {
      method: 'POST', json: { name: 'Tomorrow only', channelId, listId: list.id, message: { text: 'Tier {{tier}}' }, sendingWindow: { timeZone: 'UTC', days: [tomorrow], from: '09:00', to: '17:00' } },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    await h.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' });
    await eventually(async () => (await campaign(id)).status === 'waiting_window', 20_000, 100);
    // The workflow sleeps on a timer until the window opens: tomorrow 09:00 UTC.
    const progress = await eventually(async () => {
      const p = await h.parley.client!.workflow.getHandle(campaignWorkflowId(id)).query(campaignProgressQuery);
      return p.wakeAt ? p : null;
    });
    expect(progress.state).toBe('waiting_window');
    const opens = new Date(progress.wakeAt!);
    expect([opens.getUTCDay(), opens.getUTCHours(), opens.getUTCMinutes()]).toEqual([(now.getUTCDay() + 1) % 7, 9, 0]);
    expect(provider.delivered.filter((d) => d.key.startsWith(id))).toHaveLength(0);

    const cancelled = await h.api(`/api/v1/campaigns/${id}/cancel`, { method: 'POST' });
    expect((await cancelled.json()).status).toBe('cancelled');
    const done = await finished(id);
    expect(done.recipients).toMatchObject({ total: 2, queued: 2, sent: 0 });
    expect(provider.delivered.filter((d) => d.key.startsWith(id))).toHaveLength(0);
    const again = await h.api(`/api/v1/campaigns/${id}/resume`, { method: 'POST' });
    expect(again.status).toBe(409);
  }, 60_000);
});
