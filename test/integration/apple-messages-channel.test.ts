// Apple Messages for Business (as an MSP) end to end on a real Temporal dev server, SQLite file and
// HTTP, against a local stand-in of Apple's gateway: a gzip-compressed message with Apple's JWT opens
// a case (a wrong secret, another MSP's token, an expired one, another business are refused; a
// redelivery is stored once); the agent's quick reply goes out as an interactive message, gzip, with
// the MSP's JWT; the customer's choice is recorded as the answer; a gateway refusal shows on the message.
// A customer's files, in the shape Apple's own sample reads (hex `signature`) and with `signature-base64`,
// are fetched through preDownload (MMCS-Url / MMCS-Signature / MMCS-Owner) and decrypted when the agent opens them.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayToken, startAppleGateway, type AppleGateway } from '../fakes/apple-msp-gateway';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const MSP = 'msp-parley-test';
const SECRET = Buffer.from('apple-msp-secret-for-tests-0123456789').toString('base64');
const BUSINESS = 'biz-cafe-aroma-001';
const CUSTOMER = 'urn:mbid:AQAAY2FmZS1hcm9tYS1jdXN0b21lcg';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

describe('Apple Messages for Business through the case workflow', () => {
  let h: Harness;
  let apple: AppleGateway;
  let channelId = '';

  beforeAll(async () => {
    apple = await startAppleGateway({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'apple-messages', name: 'Café Aroma on Messages', config: { mspId: MSP, apiSecret: SECRET, businessId: BUSINESS, apiBaseUrl: apple.url } } });
    expect(res.status).toBe(201);
    const channel = await res.json();
    channelId = channel.id;
    expect(channel.nextSteps[0].value).toBe(channel.webhookUrl);
  });
  afterAll(async () => {
    await h?.stop();
    await apple?.close();
  });

  const post = async (message: Record<string, unknown>, opts: { token?: string; business?: string } = {}) => {
    const id = (message.id as string) ?? randomUUID();
    return fetch(`${h.parley.url}/webhooks/${channelId}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${opts.token ?? await gatewayToken({ mspId: MSP, apiSecret: SECRET })}`, 'content-type': 'application/json', 'content-encoding': 'gzip',
        id, 'source-id': CUSTOMER, 'destination-id': opts.business ?? BUSINESS, 'device-agent': 'iPhone', 'capability-list': 'LIST,TIME,QUICK',
      },
      body: gzipSync(JSON.stringify({ v: 1, id, sourceId: CUSTOMER, destinationId: opts.business ?? BUSINESS, locale: 'es_ES', ...message })),
    });
  };
  const cases = async () => (await (await h.api(`/api/v1/cases?channelId=${channelId}`)).json()).items as { id: string }[];
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();

  it('a gzip message with Apple\'s JWT opens a case; bad tokens and another business are refused; a redelivery is stored once', async () => {
    const id = randomUUID();
    expect((await post({ id, type: 'text', body: 'Hola, ¿tenéis descafeinado?' })).status).toBe(200);
    expect((await post({ id, type: 'text', body: 'Hola, ¿tenéis descafeinado?' })).status).toBe(200);
    const rows = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) n').get() as { n: number }).n;
    const before = rows();
    const refusals = [
      await post({ type: 'text', body: 'x' }, { token: await gatewayToken({ mspId: MSP, apiSecret: Buffer.from('another-secret-of-someone-else').toString('base64') }) }),
      await post({ type: 'text', body: 'x' }, { token: await gatewayToken({ mspId: MSP, apiSecret: SECRET, audience: 'another-msp' }) }),
      await post({ type: 'text', body: 'x' }, { token: await gatewayToken({ mspId: MSP, apiSecret: SECRET, expiresIn: '-5m' }) }),
      await post({ type: 'text', body: 'x' }, { business: 'biz-someone-else' }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await Promise.all(refusals.map(async (r) => (await r.json()).detail))).toEqual([
      expect.stringMatching(/signature does not match/), expect.stringMatching(/"aud" claim/), expect.stringMatching(/expired/), expect.stringMatching(/destination-id "biz-someone-else"/),
    ]);
    expect(rows()).toBe(before);
    expect((await post({ type: 'typing_start' })).status).toBe(200);
    const [only] = await cases();
    expect((await getCase(only.id)).messages.map((m: { text: string }) => m.text)).toEqual(['Hola, ¿tenéis descafeinado?']);
  });

  it('a customer\'s two files (hex signature as Apple documents it, and signature-base64) are downloaded and decrypted when the agent opens them, once', async () => {
    const receipt = await apple.addAttachment('ticket.png', PNG, 'image/png');
    const photo = await apple.addAttachment('molinillo.jpg', JPEG, 'image/jpeg', { signatureField: 'signature-base64' });
    expect(receipt.signature).toMatch(/^[0-9A-F]+$/);
    const before = apple.preDownloads.length;
    expect((await post({ type: 'text', body: 'El ticket y el molinillo roto: \uFFFC \uFFFC', attachments: [receipt, photo] })).status).toBe(200);
    const message = await eventually(async () => {
      for (const c of await cases()) {
        const m = (await getCase(c.id)).messages.find((x: { attachments?: unknown[] }) => x.attachments?.length === 2);
        if (m) return m;
      }
      return null;
    });
    expect(message.text).toBe('El ticket y el molinillo roto:');
    expect(message.attachments.map((a: { name: string; mime: string }) => [a.name, a.mime])).toEqual([['ticket.png', 'image/png'], ['molinillo.jpg', 'image/jpeg']]);
    for (const [attachment, bytes] of [[message.attachments[0], PNG], [message.attachments[1], JPEG]] as const) {
      const opened = await h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
      expect(opened.status).toBe(200);
      expect(Buffer.from(await opened.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect(apple.preDownloads.length).toBe(before + 2);
    for (const [headers, file] of [[apple.preDownloads[before], receipt], [apple.preDownloads[before + 1], photo]] as const) {
      const base64 = file.signature ? Buffer.from(String(file.signature), 'hex').toString('base64') : file['signature-base64'];
      expect(headers).toMatchObject({ 'source-id': BUSINESS, 'mmcs-url': file.url, 'mmcs-owner': file.owner, 'mmcs-signature': base64 });
    }
    // Opened again: Parley's stored copy, Apple is not asked again.
    const again = await h.api(`/api/v1/attachments/${message.attachments[0].id}`, { key: h.agentKey });
    expect(Buffer.from(await again.arrayBuffer()).equals(PNG)).toBe(true);
    expect(apple.preDownloads.length).toBe(before + 2);
  });

  it('a quick reply goes out as an interactive message; the customer\'s choice is recorded; a gateway refusal shows on the message', async () => {
    const [c] = await cases();
    const res = await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { content: { type: 'quickReplies', text: '¿Qué formato?', replies: [{ id: 'beans', title: 'En grano', payload: 'BEANS' }, { id: 'ground', title: 'Molido', payload: 'GROUND' }] } } });
    expect(res.status).toBe(202);
    const question = (await res.json()).id;
    const [sent] = await apple.waitForSent(1, 20_000);
    expect(sent.headers['source-id']).toBe(BUSINESS);
    expect(sent.headers['destination-id']).toBe(CUSTOMER);
    expect(sent.body).toMatchObject({ v: 1, type: 'interactive', sourceId: BUSINESS, destinationId: CUSTOMER, id: sent.headers.id });
    const quick = sent.body.interactiveData.data['quick-reply'];
    expect(quick.items.map((i: { title: string }) => i.title)).toEqual(['En grano', 'Molido']);
    await eventually(async () => (await getCase(c.id)).messages.find((m: { id: string }) => m.id === question)?.deliveryStatus === 'sent', 20_000);

    const ground = quick.items.find((i: { title: string }) => i.title === 'Molido').identifier;
    await post({ type: 'interactive', interactiveData: { bid: sent.body.interactiveData.bid, data: { ...sent.body.interactiveData.data, 'quick-reply': { ...quick, selectedIdentifier: ground } } } });
    const answer = await eventually(async () => (await getCase(c.id)).messages.at(-1)?.content?.answer ? (await getCase(c.id)).messages.at(-1) : null);
    expect(answer).toMatchObject({ direction: 'in', text: 'Molido', content: { answer: { messageId: question, optionId: 'ground' } } });

    apple.answerNext({ status: 400, body: 'Destination not reachable' });
    const refused = (await (await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { text: 'Perfecto.' } })).json()).id;
    const failed = await eventually(async () => { const m = (await getCase(c.id)).messages.find((x: { id: string }) => x.id === refused); return m?.deliveryStatus === 'failed' ? m : null; }, 20_000);
    expect(failed.deliveryError).toBe("Apple's gateway answered 400: Destination not reachable");
  });
});
