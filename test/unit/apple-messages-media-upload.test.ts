// Apple Messages for Business outbound files (connectors/apple-messages/media-upload.ts): the
// encryption checked against an independent AES-256-CTR decrypt (node's createDecipheriv, zero IV,
// the key after Apple's "00"), then preUpload → upload → message against the local stand-in of
// Apple's gateway, which checks the JWT, Source-Id and MMCS-Size, checksums what it received and
// decrypts each attachment with the message's key as the customer's device would.
import { createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type ConnectorDeps, type OutboundMessage } from '../../connectors/connector';
import { appleMessagesConnector, type AppleMessagesConfig } from '../../connectors/apple-messages';
import { decryptAmbAttachment } from '../../connectors/apple-messages/media-download';
import { encryptAmbAttachment, uploadAppleAttachments } from '../../connectors/apple-messages/media-upload';
import { startAppleGateway, type AppleGateway } from '../fakes/apple-msp-gateway';

const MSP = 'msp-parley-unit';
const SECRET = Buffer.from('apple-msp-secret-for-unit-tests-0123456789').toString('base64');
const BUSINESS = 'biz-unit-0001';
const CUSTOMER = 'urn:mbid:AQAAY2N1c3RvbWVyLXVuaXQ';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** AES-256-CTR with a zero IV, written here without Parley's code: Apple's key is "00" + 64 hex digits. */
function independentDecrypt(encrypted: Uint8Array, key: string): Buffer {
  expect(key).toMatch(/^00[0-9A-F]{64}$/);
  const decipher = createDecipheriv('aes-256-ctr', Buffer.from(key.slice(2), 'hex'), Buffer.alloc(16));
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

describe('encrypting an attachment for Apple', () => {
  it('round-trips through an independent AES-256-CTR decrypt, with a fresh key each time', () => {
    for (const size of [0, 1, 15, 16, 17, 4096 + 3]) {
      const plain = randomBytes(size);
      const { encrypted, key } = encryptAmbAttachment(plain);
      expect(encrypted.length).toBe(plain.length);
      if (size >= 16) expect(encrypted.equals(plain)).toBe(false);
      expect(independentDecrypt(encrypted, key).equals(plain)).toBe(true);
      // And Parley's own inbound decrypt reads what Parley's outbound wrote.
      expect(decryptAmbAttachment(encrypted, key).equals(plain)).toBe(true);
    }
    const a = encryptAmbAttachment(PDF);
    const b = encryptAmbAttachment(PDF);
    expect(a.key).not.toBe(b.key);
    expect(a.encrypted.equals(b.encrypted)).toBe(false);
  });
});

describe('uploading and sending against the stand-in of Apple\'s gateway', () => {
  let apple: AppleGateway;
  let dir: string;
  let config: AppleMessagesConfig;
  const deps: ConnectorDeps = { fetch, now: () => Date.now() };
  const message = (files: { path?: string; href?: string; contentType: string; filename?: string }[], text = 'Your receipt') => ({
    id: `msg_${randomBytes(6).toString('hex')}`, caseId: 'case_1', threadId: CUSTOMER, recipient: { externalId: CUSTOMER },
    content: { content: { type: 'text', text, format: 'plain' } }, text, attachments: [], context: { apple: { files } },
  }) as OutboundMessage;

  beforeAll(async () => {
    apple = await startAppleGateway({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS });
    dir = mkdtempSync(join(tmpdir(), 'amb-upload-'));
    config = { mspId: MSP, apiSecret: SECRET, businessId: BUSINESS, apiBaseUrl: apple.url, timeoutMs: 5_000 };
  });
  afterAll(async () => {
    await apple?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('preUpload with the JWT, Source-Id and MMCS-Size; the encrypted bytes uploaded; the message\'s attachment decrypts to the file', async () => {
    const path = join(dir, 'receipt.pdf');
    writeFileSync(path, PDF);
    const before = { pre: apple.preUploads.length, up: apple.uploads.length, sent: apple.sent.length };
    await appleMessagesConnector.send(message([{ path, contentType: 'application/pdf', filename: 'receipt.pdf' }]), { id: 'ch_1', config } as never, deps);

    const [pre] = apple.preUploads.slice(before.pre);
    expect(pre).toMatchObject({ status: 200, headers: { 'source-id': BUSINESS, 'mmcs-size': String(PDF.length) } });
    expect(pre.headers.authorization).toMatch(/^Bearer ey/);
    const [upload] = apple.uploads.slice(before.up);
    expect(upload.status).toBe(200);
    expect(upload.bytes.length).toBe(PDF.length);
    expect(upload.bytes.equals(PDF)).toBe(false);
    expect(upload.headers.authorization).toBeUndefined();

    const got = (await apple.waitForSent(before.sent + 1))[before.sent];
    expect(got.body).toMatchObject({ type: 'text', body: 'Your receipt\n\uFFFC', sourceId: BUSINESS, destinationId: CUSTOMER });
    const [attachment] = got.body.attachments;
    expect(attachment).toMatchObject({ name: 'receipt.pdf', mimeType: 'application/pdf', size: String(PDF.length) });
    expect(Object.keys(attachment).sort()).toEqual(['key', 'mimeType', 'name', 'owner', 'signature-base64', 'size', 'url']);
    // The key in the message decrypts the bytes that were uploaded (independently), and the stand-in's device view agrees.
    expect(independentDecrypt(upload.bytes, attachment.key).equals(PDF)).toBe(true);
    expect(got.files).toEqual([expect.objectContaining({ name: 'receipt.pdf', bytes: PDF })]);
  });

  it('two files ride on one message, one replacement character each, in order', async () => {
    const first = join(dir, 'a.txt');
    const second = join(dir, 'b.txt');
    writeFileSync(first, 'first file\n');
    writeFileSync(second, 'second file, a little longer\n');
    const before = apple.sent.length;
    await appleMessagesConnector.send(message([{ path: first, contentType: 'text/plain' }, { path: second, contentType: 'text/plain' }], 'Two files \uFFFC'), { id: 'ch_1', config } as never, deps);
    const got = (await apple.waitForSent(before + 1))[before];
    expect(got.body.body).toBe('Two files\n\uFFFC\uFFFC');
    expect(got.files.map((f) => [f.name, f.bytes.toString()])).toEqual([['a.txt', 'first file\n'], ['b.txt', 'second file, a little longer\n']]);
  });

  it('a 4xx on preUpload is permanent with Apple\'s reason; a 5xx on the upload is transient; nothing is sent', async () => {
    const path = join(dir, 'late.pdf');
    writeFileSync(path, PDF);
    const sentBefore = apple.sent.length;
    apple.answerNextPreUpload({ status: 403, body: 'Business is not allowed to upload' });
    const refused = await uploadAppleAttachments(message([{ path, contentType: 'application/pdf' }]), config, deps).catch((e) => e);
    expect(refused).toBeInstanceOf(SendError);
    expect(refused).toMatchObject({ transient: false, status: 403, message: 'Apple preUpload answered 403: Business is not allowed to upload' });

    apple.answerNextUpload({ status: 503, body: 'Try again' });
    const busy = await appleMessagesConnector.send(message([{ path, contentType: 'application/pdf' }]), { id: 'ch_1', config } as never, deps).catch((e) => e);
    expect(busy).toMatchObject({ transient: true, status: 503, message: "Apple's attachment storage answered 503 for late.pdf: Try again" });
    expect(apple.sent.length).toBe(sentBefore);
  });

  it('a file larger than Apple takes (100 MB, manifest) is refused before it is read or uploaded', async () => {
    const path = join(dir, 'huge.mov');
    writeFileSync(path, '');
    truncateSync(path, 100 * 1024 * 1024 + 1); // sparse: no 100 MB written
    const before = apple.preUploads.length;
    const refused = await uploadAppleAttachments(message([{ path, contentType: 'video/quicktime' }]), config, deps).catch((e) => e);
    expect(refused).toMatchObject({ transient: false, message: 'huge.mov is 101 MB; Apple Messages for Business takes files up to 100 MB.' });
    expect(apple.preUploads.length).toBe(before);
  });

  it('a file the engine lists by URL (`href`, not stored by Parley) is fetched, encrypted and sent', async () => {
    const host = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/pdf' }); res.end(PDF); });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const href = `http://127.0.0.1:${(host.address() as AddressInfo).port}/docs/menu.pdf`;
      const before = apple.sent.length;
      await appleMessagesConnector.send(message([{ href, contentType: 'application/pdf' }], 'Our menu'), { id: 'ch_1', config } as never, deps);
      const got = (await apple.waitForSent(before + 1))[before];
      expect(got.files).toEqual([expect.objectContaining({ name: 'menu.pdf', mimeType: 'application/pdf', bytes: PDF })]);
    } finally {
      host.close();
    }
  });

  it('a reply without a text part carries its files in a message of their own', async () => {
    const path = join(dir, 'only.txt');
    writeFileSync(path, 'only a file');
    const before = apple.sent.length;
    const quick = { ...message([{ path, contentType: 'text/plain' }]), content: { content: { type: 'quickReplies', text: 'Pick one', replies: [{ id: 'a', title: 'A', payload: 'A' }, { id: 'b', title: 'B', payload: 'B' }] } } } as OutboundMessage;
    await appleMessagesConnector.send(quick, { id: 'ch_1', config } as never, deps);
    const got = (await apple.waitForSent(before + 2)).slice(before);
    expect(got.map((m) => m.body.type)).toEqual(['interactive', 'text']);
    expect(got[1].body.body).toBe('\uFFFC');
    expect(got[1].files[0].bytes.toString()).toBe('only a file');
  });
});
