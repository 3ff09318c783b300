// How an outbound message reached the customer is kept as sent: the delivery activity stores the
// renderer's report and the text the channel got, and the thread and workspace read that, so a later
// change of what the channel can show does not rewrite an old message. Rows sent before the report
// was kept are rendered again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRendering } from '../../connectors/renderers';
import { ChannelStore } from '../../engine/channels/channel-store';
import { fallbackText } from '../../model/content/fallback';
import { createCaseActivities } from '../../workflows/activities/case-activities';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_' + Buffer.alloc(32, 3).toString('base64');
const quickReplies = { type: 'quickReplies', text: 'Which order?', replies: [{ id: 'a', title: 'Order 1001', payload: 'A' }, { id: 'b', title: 'Order 1002', payload: 'B' }] };

describe('a message rendered as it was sent', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  let caseId: string;
  const sentBodies: unknown[] = [];
  // The integrator's middleware: accepts every message.
  const middleware = (async (_url: string, init: RequestInit) => {
    sentBodies.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ externalMessageId: `ext-${sentBodies.length}` }), { status: 200 });
  }) as typeof fetch;

  beforeEach(async () => {
    t = testApp();
    const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } });
    channelId = (await res.json()).id;
    const body = { type: 'message', externalMessageId: 'in-1', externalConversationId: 'conv-1', sender: { externalId: 'cust-1', name: 'Lucía' }, text: 'Hola', timestamp: Date.now() };
    const hook = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    caseId = (await hook.json()).caseIds[0];
  });
  afterEach(() => t.close());

  const reply = async () => (await (await t.request(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { content: quickReplies } })).json()).id as string;
  const thread = async () => (await (await t.request(`/api/v1/cases/${caseId}`)).json()).messages as { id: string; rendering: { outcome: string; text: string | null; report: { outcome: string }[] } | null }[];
  const workspace = async () => (await (await t.request(`/api/v1/cases/${caseId}/workspace`)).json()).rendering as { messageId: string; outcome: string; source: string; text: string | null }[];

  it('a reply sent while the channel took only text keeps showing as text after the channel learns quick replies', async () => {
    // The customer reads Spanish: the text the channel gets says so.
    expect((await t.request(`/api/v1/contacts/${(await (await t.request(`/api/v1/cases/${caseId}`)).json()).contactId}`, { method: 'PATCH', json: { language: 'es' } })).status).toBe(200);
    const id = await reply();
    expect((await thread()).find((m) => m.id === id)!.rendering).toBeNull(); // queued: not sent yet

    // Sent while this channel could show only text (its renderer stands in for a text-only channel's).
    const textOnly = createCaseActivities({ db: t.db, channels: new ChannelStore(t.db, t.box, 'https://parley.example.com'), fetch: middleware, renderings: () => getRendering('sms') });
    expect(await textOnly.deliverMessage(id)).toMatchObject({ status: 'sent' });

    // Today the channel's renderer shows quick replies natively; the old message still says what the customer got.
    expect(getRendering('byoc')!.render({ content: quickReplies } as never, { recipientId: 'r', threadId: 't' }).report[0].outcome).toBe('native');
    const sent = (await thread()).find((m) => m.id === id)!;
    const expectedText = fallbackText({ content: quickReplies } as never, { locale: 'es' });
    expect(sent.rendering).toMatchObject({ outcome: 'fallback', text: expectedText, report: [{ outcome: 'fallback' }] });
    expect(expectedText).toContain('1. Order 1001');
    expect(await workspace()).toEqual([expect.objectContaining({ messageId: id, outcome: 'fallback', source: 'sent', text: expectedText })]);
  });

  it('a message sent through the real renderer stores its report; an older row without one is rendered again', async () => {
    const id = await reply();
    const activities = createCaseActivities({ db: t.db, channels: new ChannelStore(t.db, t.box, 'https://parley.example.com'), fetch: middleware });
    await activities.deliverMessage(id);
    expect((await thread()).find((m) => m.id === id)!.rendering).toMatchObject({ outcome: 'native', text: null });

    // A row from before renderings were stored: the thread and the workspace render it again.
    t.db.$client.prepare('update messages set rendering = null where id = ?').run(id);
    expect((await thread()).find((m) => m.id === id)!.rendering).toMatchObject({ outcome: 'native', text: null });
    expect(await workspace()).toEqual([expect.objectContaining({ messageId: id, outcome: 'native', source: 'rendered' })]);
  });
});
