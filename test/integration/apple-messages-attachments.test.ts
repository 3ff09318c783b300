// An agent's files on Apple Messages for Business, end to end on a real Temporal dev server, SQLite
// file and HTTP against the local stand-in of Apple's gateway: the agent uploads a file to Parley and
// replies with it; the stand-in sees a preUpload (JWT, Source-Id, MMCS-Size), an upload of encrypted
// bytes (not the file's), and a message whose attachment, decrypted with the message's key, is the
// exact file. A 5xx on the upload is retried until it goes through; a 4xx on preUpload fails the
// message with Apple's reason and sends nothing.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayToken, startAppleGateway, type AppleGateway } from '../fakes/apple-msp-gateway';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const MSP = 'msp-parley-files';
const SECRET = Buffer.from('apple-msp-secret-for-file-tests-0123456789').toString('base64');
const BUSINESS = 'biz-cafe-aroma-files';
const CUSTOMER = 'urn:mbid:AQAAY2FmZS1hcm9tYS1maWxlcw';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 0 /Kids [] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('Apple Messages for Business: the agent\'s files, encrypted and uploaded', () => {
  let h: Harness;
  let apple: AppleGateway;
  let channelId = '';
  let caseId = '';

  beforeAll(async () => {
    apple = await startAppleGateway({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'apple-messages', name: 'Café Aroma on Messages', config: { mspId: MSP, apiSecret: SECRET, businessId: BUSINESS, apiBaseUrl: apple.url } } });
    expect(res.status).toBe(201);
    channelId = (await res.json()).id;
    const id = randomUUID();
    const hook = await fetch(`${h.parley.url}/webhooks/${channelId}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await gatewayToken({ mspId: MSP, apiSecret: SECRET })}`, 'content-type': 'application/json', 'content-encoding': 'gzip',
        id, 'source-id': CUSTOMER, 'destination-id': BUSINESS, 'device-agent': 'iPhone', 'capability-list': 'LIST,TIME,QUICK',
      },
      body: gzipSync(JSON.stringify({ v: 1, id, type: 'text', sourceId: CUSTOMER, destinationId: BUSINESS, locale: 'en_US', body: 'Can I get the receipt for my order?' })),
    });
    expect(hook.status).toBe(200);
    caseId = await eventually(async () => ((await (await h.api(`/api/v1/cases?channelId=${channelId}`)).json()).items as { id: string }[])[0]?.id ?? null);
  });
  afterAll(async () => {
    await h?.stop();
    await apple?.close();
  });

  const uploadToParley = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], name));
    form.set('channelId', channelId);
    const res = await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form });
    expect(res.status).toBe(201);
    return res.json() as Promise<{ url: string; mime: string; name: string }>;
  };
  const reply = async (text: string, file: { url: string; mime: string; name: string }) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text, attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const messageOf = async (id: string) => ((await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages as { id: string; deliveryStatus: string; deliveryError?: string | null }[]).find((m) => m.id === id);

  it('the agent\'s file goes as preUpload → encrypted upload → a message whose attachment decrypts to the exact file', async () => {
    const file = await uploadToParley(PDF, 'receipt-1042.pdf');
    const id = await reply('Here is your receipt.', file);
    const [sent] = await apple.waitForSent(1, 20_000);

    expect(apple.preUploads).toHaveLength(1);
    const [pre] = apple.preUploads;
    expect(pre).toMatchObject({ status: 200, headers: { 'source-id': BUSINESS, 'mmcs-size': String(PDF.length) } });
    expect(apple.uploads).toHaveLength(1);
    const [upload] = apple.uploads;
    expect(upload.status).toBe(200);
    expect(upload.bytes.length).toBe(PDF.length);
    expect(upload.bytes.equals(PDF)).toBe(false);

    expect(sent.headers).toMatchObject({ 'source-id': BUSINESS, 'destination-id': CUSTOMER });
    expect(sent.body).toMatchObject({ v: 1, type: 'text', sourceId: BUSINESS, destinationId: CUSTOMER, body: 'Here is your receipt.\n\uFFFC' });
    expect(sent.body.attachments).toEqual([{
      name: 'receipt-1042.pdf', mimeType: 'application/pdf', size: String(PDF.length),
      url: expect.stringMatching(/^https:\/\/p42-content\.icloud\.example\//), owner: expect.any(String),
      'signature-base64': expect.any(String), key: expect.stringMatching(/^00[0-9A-F]{64}$/),
    }]);
    // What the customer's device gets: the stand-in decrypted the stored upload with the message's key.
    expect(sent.files).toHaveLength(1);
    expect(sent.files[0].bytes.equals(PDF)).toBe(true);
    await eventually(async () => (await messageOf(id))?.deliveryStatus === 'sent', 20_000);
  });

  it('an upload answered 503 is retried (new preUpload, new upload) and the message then goes out once', async () => {
    const file = await uploadToParley(PNG, 'cup.png');
    apple.answerNextUpload({ status: 503, body: 'Service Unavailable' });
    const id = await reply('The cup you asked about.', file);
    const all = await apple.waitForSent(2, 30_000);
    expect(apple.uploads.slice(1).map((u) => u.status)).toEqual([503, 200]);
    expect(apple.preUploads.slice(1).map((p) => p.status)).toEqual([200, 200]);
    expect(all).toHaveLength(2);
    expect(all[1].files.map((f) => [f.name, f.mimeType])).toEqual([['cup.png', 'image/png']]);
    expect(all[1].files[0].bytes.equals(PNG)).toBe(true);
    const message = await eventually(async () => { const m = await messageOf(id); return m?.deliveryStatus === 'sent' ? m : null; }, 20_000);
    expect(message.deliveryError ?? null).toBeNull();
    expect(apple.sent).toHaveLength(2);
  });

  it('a 4xx on preUpload fails the message with Apple\'s reason, and nothing reaches the customer', async () => {
    const file = await uploadToParley(PDF, 'terms.pdf');
    apple.answerNextPreUpload({ status: 400, body: 'MMCS-Size exceeds the business quota' });
    const uploadsBefore = apple.uploads.length;
    const id = await reply('Our terms.', file);
    const failed = await eventually(async () => { const m = await messageOf(id); return m?.deliveryStatus === 'failed' ? m : null; }, 20_000);
    expect(failed.deliveryError).toBe('Apple preUpload answered 400: MMCS-Size exceeds the business quota');
    expect(apple.preUploads.at(-1)?.status).toBe(400);
    expect(apple.uploads.length).toBe(uploadsBefore);
    expect(apple.sent).toHaveLength(2);
  });
});
