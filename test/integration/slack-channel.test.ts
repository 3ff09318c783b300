// Slack end to end on a real Temporal dev server, SQLite file and HTTP, against a local stand-in of
// the Web API: connecting the app checks its token; Slack's URL check is answered; a direct message
// becomes a case in the inbox; the agent's reply with buttons arrives as Block Kit through
// chat.postMessage; the customer's tap (block_actions) is recorded as the answer; Slack's retries
// and rate limits are handled. Requests are signed here with node:crypto, not Parley's code.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rateLimited, startSlackApi, type SlackApi } from '../fakes/slack-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const TOKEN = 'xoxb-4242-integration';
const SIGNING_SECRET = 'f00dfacecafe0123456789abcdef4242';
const PUBLIC_URL = 'https://parley.acme.test';

describe('Slack channel through the case workflow', () => {
  let h: Harness;
  let slack: SlackApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string; value?: string }[] };
  let n = 0;

  beforeAll(async () => {
    slack = await startSlackApi({ token: TOKEN, team: { id: 'T0ACME', name: 'Acme' }, botUserId: 'U0BOT' });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'slack', name: 'Acme Slack', config: { botToken: TOKEN, signingSecret: SIGNING_SECRET, apiBaseUrl: slack.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => {
    await h?.stop();
    await slack?.close();
  });

  const post = (body: string, opts: { contentType?: string; headers?: Record<string, string>; secret?: string } = {}) => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    return fetch(`${h.parley.url}/webhooks/${channel.id}`, {
      method: 'POST', body,
      headers: { 'content-type': opts.contentType ?? 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, ...opts.headers },
    });
  };
  const dm = (user: string, text: string, eventId = `Ev${++n}`) => JSON.stringify({
    token: 'legacy', team_id: 'T0ACME', api_app_id: 'A0PARLEY', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel: `D${user}`, channel_type: 'im', user, text, ts: `${Math.floor(Date.now() / 1000)}.${String(++n).padStart(6, '0')}` },
  });
  const customerWrites = async (user: string, text: string) => {
    const res = await post(dm(user, text));
    expect(res.status).toBe(200);
    return (await res.json()) as { caseIds: string[] };
  };
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const reply = async (caseId: string, json: unknown) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);

  it('connecting checked the token; the next steps give the Request URL; Slack\'s URL check is answered', async () => {
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    expect(channel.nextSteps[0]).toEqual({ text: expect.stringMatching(/Event Subscriptions/), value: `${PUBLIC_URL}/webhooks/${channel.id}` });
    const check = await post(JSON.stringify({ token: 'legacy', challenge: 'abc123challenge', type: 'url_verification' }));
    expect(check.status).toBe(200);
    expect(await check.text()).toBe('abc123challenge');
  });

  it('DM → case in the inbox → agent reply with buttons → Block Kit in the DM → the tap recorded as the answer', async () => {
    const { caseIds: [caseId] } = await customerWrites('U0ANA', 'My invoice is wrong');
    const inbox = await (await h.api('/api/v1/cases', { key: h.agentKey })).json();
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(caseId);
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const posts = slack.callsOf('chat.postMessage').length;
    const id = await reply(caseId, { content: { type: 'buttons', text: 'Which invoice?', buttons: [
      { id: 'march', title: 'March', action: { type: 'postback', payload: 'INV-03' } },
      { id: 'april', title: 'April', action: { type: 'postback', payload: 'INV-04' } },
    ] } });
    const [call] = (await slack.waitForCalls('chat.postMessage', posts + 1)).slice(posts);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.body).toMatchObject({ channel: 'DU0ANA', text: expect.stringContaining('Which invoice?') });
    expect(call.body.thread_ts).toBeUndefined();
    const buttons = call.body.blocks.find((b: { type: string }) => b.type === 'actions').elements;
    expect(buttons.map((b: { text: { text: string }; value: string }) => [b.text.text, b.value])).toEqual([['March', 'march'], ['April', 'april']]);
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^\d+\.\d{6}$/);

    const payload = {
      type: 'block_actions', user: { id: 'U0ANA', username: 'ana', name: 'ana', team_id: 'T0ACME' }, api_app_id: 'A0PARLEY', token: 'legacy', trigger_id: '1.2.3',
      container: { type: 'message', message_ts: sent.providerMessageId, channel_id: 'DU0ANA', is_ephemeral: false },
      channel: { id: 'DU0ANA', name: 'directmessage' }, message: { type: 'message', ts: sent.providerMessageId, text: 'Which invoice?' },
      actions: [{ action_id: buttons[1].action_id, block_id: 'b', type: 'button', value: 'april', text: { type: 'plain_text', text: 'April' }, action_ts: `${Math.floor(Date.now() / 1000)}.000777` }],
    };
    const tap = await post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, { contentType: 'application/x-www-form-urlencoded' });
    expect(tap.status).toBe(200);
    const answer = (await getCase(caseId)).messages.at(-1);
    expect(answer).toMatchObject({ direction: 'in', text: 'April', content: { answer: { messageId: id, optionId: 'april', payload: 'INV-04' } } });
  });

  it('a Slack retry (X-Slack-Retry-Num, same event_id) adds nothing; a forged signature writes nothing', async () => {
    const body = dm('U0BEA', 'hello?', 'Ev0RETRIED');
    const first = await (await post(body)).json();
    const retry = await post(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getCase(first.caseIds[0])).messages).toHaveLength(1);
    const count = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) n').get() as { n: number }).n;
    const before = count();
    const forged = await post(dm('U0MAL', 'send me money'), { secret: '00000000000000000000000000000000' });
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    expect(count()).toBe(before);
  });

  it('HTTP 429 with Retry-After: the next attempt waits that long, then the message is sent', async () => {
    const { caseIds: [caseId] } = await customerWrites('U0CAI', 'anyone?');
    const posts = slack.callsOf('chat.postMessage').length;
    slack.answerNext('chat.postMessage', rateLimited(3));
    const id = await reply(caseId, { text: 'Yes, one moment.' });
    const [first, second] = (await slack.waitForCalls('chat.postMessage', posts + 2, 20_000)).slice(posts);
    expect(second.at - first.at).toBeGreaterThanOrEqual(2900);
    await eventually(async () => (await messageOf(caseId, id)).deliveryStatus === 'sent');
  });

  it('a permanent error (channel_not_found) fails the message with Slack\'s error code', async () => {
    const { caseIds: [caseId] } = await customerWrites('U0DAN', 'hi');
    slack.answerNext('chat.postMessage', { json: { ok: false, error: 'channel_not_found' } });
    const id = await reply(caseId, { text: 'Hello Dan' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe('Slack chat.postMessage failed: channel_not_found');
  });
});
