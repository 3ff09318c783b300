import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_' + Buffer.alloc(32, 8).toString('base64');

/** Reads SSE events from a response until `done` says stop (or the timeout passes). */
async function readEvents(res: Response, done: (events: { event: string; data: any; id: string }[]) => boolean, timeoutMs = 5000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any; id: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(events) && Date.now() < deadline) {
    const { value, done: ended } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
      events.push({ event: field('event'), data: JSON.parse(field('data') || 'null'), id: field('id') });
    }
  }
  await reader.cancel();
  return events;
}

describe('live inbox stream (SSE)', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  beforeEach(async () => {
    t = testApp();
    channelId = (await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } })).json()).id;
  });
  afterEach(() => t.close());

  it('pushes new cases and messages as they arrive, then resumes from the last event id', async () => {
    const stream = await t.request('/api/v1/stream', { key: t.agentKey });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const body = { type: 'message', externalMessageId: 's1', externalConversationId: 'c', sender: { externalId: 'u', name: 'Ana' }, text: 'live!', timestamp: Date.now() };
    setTimeout(() => void t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) }), 100);
    const events = await readEvents(stream, (e) => e.some((x) => x.event === 'case') && e.some((x) => x.event === 'message'));
    expect(events[0].event).toBe('ready');
    const theCase = events.find((e) => e.event === 'case')!.data;
    expect(theCase).toMatchObject({ status: 'new', contactName: 'Ana', preview: 'live!' });
    expect(events.find((e) => e.event === 'message')!.data).toMatchObject({ caseId: theCase.id, direction: 'in', text: 'live!' });

    // A reply made while disconnected arrives on reconnect with Last-Event-ID.
    const lastId = events.at(-1)!.id;
    await new Promise((r) => setTimeout(r, 5));
    await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'hello back' } });
    const resumed = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': lastId } });
    const more = await readEvents(resumed, (e) => e.some((x) => x.event === 'message' && x.data.text === 'hello back'));
    expect(more.find((e) => e.event === 'message' && e.data.text === 'hello back')!.data).toMatchObject({ direction: 'out', deliveryStatus: 'queued' });
  });

  it('needs a token', async () => {
    expect((await t.request('/api/v1/stream', { key: null })).status).toBe(401);
  });
});
