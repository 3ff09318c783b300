// Each connector's `fetchMedia` against a local stand-in of its provider that checks the provider's
// own auth: Telegram (getFile, then GET /file/bot<token>/<file_path>), Slack (url_private with the
// bot token), Twilio (MediaUrl with HTTP Basic, redirected to the media host), X DMs (TON media with
// an OAuth 1.0a signature the stand-in verifies with its own implementation), Apple Messages for
// Business (an attachment as Apple's sample reads it, hex `signature`, or with `signature-base64`;
// preDownload with the MSP's JWT and MMCS-Url / MMCS-Signature (base64) / MMCS-Owner, then the file,
// encrypted by the stand-in, decrypted here). Credentials go only to
// the provider's hosts, and every refusal quotes the provider's reason.
// Also the outbound uploads: Slack (files.getUploadURLExternal → bytes → files.completeUploadExternal)
// and X DMs (POST /2/media/upload, then attachments: [{ media_id }]).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type ConnectorDeps } from '../../connectors/connector';
import { slackConnector } from '../../connectors/slack';
import { smsConnector } from '../../connectors/sms';
import { telegramConnector } from '../../connectors/telegram';
import { telegramFileRef } from '../../connectors/telegram/media-download';
import { xDmConnector } from '../../connectors/x-dm';
import { whatsappMediaIdOf, whatsappMediaPath } from '../../connectors/whatsapp/media-download';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { startTwilioApi, type TwilioApi } from '../fakes/twilio-api';
import { startXApi, type XApi } from '../fakes/x-api';
import { startAppleGateway, type AppleGateway } from '../fakes/apple-msp-gateway';
import { appleMessagesConnector } from '../../connectors/apple-messages';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 9, 9, 9]);

/** The real fetch, with every request's URL and headers recorded. */
function recordingDeps(): ConnectorDeps & { requests: { url: string; headers: Headers; redirect?: string }[] } {
  const requests: { url: string; headers: Headers }[] = [];
  return {
    requests,
    now: () => Date.now(),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(input), headers: new Headers(init?.headers) });
      return fetch(input, init);
    }) as typeof fetch,
  };
}

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
};

describe('Telegram fetchMedia: getFile, then the file path with the bot token', () => {
  const TOKEN = '123456789:AAmedia-token';
  let api: TelegramApi;
  beforeAll(async () => { api = await startTelegramApi({ token: TOKEN }); });
  afterAll(async () => { await api.close(); });
  const config = (botToken = TOKEN) => telegramConnector.configSchema.parse({ botToken, secretToken: 'secret_1', apiBaseUrl: api.url, timeoutMs: 2000 });

  it('downloads the bytes of a file_id the parser stored as a reference', async () => {
    api.addFile('AgACAgQAAxkBAAI', { bytes: JPEG, path: 'photos/file_7.jpg', contentType: 'image/jpeg' });
    const deps = recordingDeps();
    const media = await telegramConnector.fetchMedia!(config(), telegramFileRef('AgACAgQAAxkBAAI'), deps);
    expect(Buffer.from(media.bytes).equals(Buffer.from(JPEG))).toBe(true);
    expect(media).toMatchObject({ mime: 'image/jpeg', name: 'file_7.jpg' });
    expect(api.callsOf('getFile').at(-1)!.body).toEqual({ file_id: 'AgACAgQAAxkBAAI' });
    expect(deps.requests.map((r) => r.url)).toEqual([`${api.url}/bot${TOKEN}/getFile`, `${api.url}/file/bot${TOKEN}/photos/file_7.jpg`]);
    expect(api.fileDownloads.at(-1)).toEqual({ token: TOKEN, path: 'photos/file_7.jpg', status: 200 });
  });

  it('an unknown file_id fails with Telegram\'s description, and the error never shows the token', async () => {
    const err = await failure(telegramConnector.fetchMedia!(config(), telegramFileRef('gone'), recordingDeps()));
    expect(err.message).toBe('Telegram getFile failed with 400: Bad Request: invalid file_id');
    expect(err.transient).toBe(false);
  });

  it('refuses anything that is not a Telegram file reference', async () => {
    const err = await failure(telegramConnector.fetchMedia!(config(), 'https://evil.example/x.jpg', recordingDeps()));
    expect(err.message).toContain('is not a Telegram file reference');
  });
});

describe('Slack fetchMedia: url_private with the bot token', () => {
  const TOKEN = 'xoxb-111-222-mediatoken';
  let api: SlackApi;
  beforeAll(async () => { api = await startSlackApi({ token: TOKEN }); });
  afterAll(async () => { await api.close(); });
  const config = (botToken = TOKEN) => slackConnector.configSchema.parse({ botToken, signingSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', apiBaseUrl: api.url, timeoutMs: 2000 });

  it('sends Authorization: Bearer <bot token> and returns the file', async () => {
    const url = api.addFile('F0MEDIA1', 'receipt photo.png', PNG, 'image/png');
    const deps = recordingDeps();
    const media = await slackConnector.fetchMedia!(config(), url, deps);
    expect(Buffer.from(media.bytes).equals(Buffer.from(PNG))).toBe(true);
    expect(media).toMatchObject({ mime: 'image/png', name: 'receipt photo.png' });
    expect(deps.requests).toHaveLength(1);
    expect(deps.requests[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('a revoked token gets Slack\'s sign-in page, which is reported as such and not stored as the file', async () => {
    const url = api.addFile('F0MEDIA2', 'a.png', PNG, 'image/png');
    const err = await failure(slackConnector.fetchMedia!(config('xoxb-111-222-revoked'), url, recordingDeps()));
    expect(err.message).toContain('sign-in page');
  });

  it('a deleted file is a permanent failure quoting Slack\'s answer', async () => {
    const url = api.addFile('F0MEDIA3', 'b.png', PNG, 'image/png');
    api.deleteFile('F0MEDIA3');
    const err = await failure(slackConnector.fetchMedia!(config(), url, recordingDeps()));
    expect(err.message).toBe('Slack answered 404 for /files-pri/T0PARLEY-F0MEDIA3/b.png: file_not_found');
    expect(err).toMatchObject({ transient: false, status: 404 });
  });

  it('never sends the bot token to a host other than Slack\'s', async () => {
    const deps = recordingDeps();
    const err = await failure(slackConnector.fetchMedia!(config(), 'https://attacker.example/files-pri/T1-F1/x.png', deps));
    expect(err.message).toContain('not to attacker.example');
    expect(deps.requests).toHaveLength(0);
  });
});

describe('Twilio fetchMedia: MediaUrl with HTTP Basic (account SID, auth token)', () => {
  const SID = `AC${'a1'.repeat(16)}`;
  const AUTH = 'auth-token-0123456789abcdef';
  let api: TwilioApi;
  beforeAll(async () => { api = await startTwilioApi({ accountSid: SID, authToken: AUTH, numbers: ['+14155550100'] }); });
  afterAll(async () => { await api.close(); });
  const config = (authToken = AUTH) => smsConnector.configSchema.parse({ accountSid: SID, authToken, from: '+14155550100', apiBaseUrl: api.url, timeoutMs: 2000 });

  it('authenticates, follows the redirect to the media host and returns the file', async () => {
    const url = api.addMedia(JPEG, 'image/jpeg');
    const deps = recordingDeps();
    const media = await smsConnector.fetchMedia!(config(), url, deps);
    expect(Buffer.from(media.bytes).equals(Buffer.from(JPEG))).toBe(true);
    expect(media.mime).toBe('image/jpeg');
    expect(deps.requests[0].headers.get('authorization')).toBe(`Basic ${Buffer.from(`${SID}:${AUTH}`).toString('base64')}`);
  });

  it('wrong credentials fail with Twilio\'s error message', async () => {
    const url = api.addMedia(JPEG, 'image/jpeg');
    const err = await failure(smsConnector.fetchMedia!(config('wrong-token-0123456789'), url, recordingDeps()));
    expect(err.message).toMatch(/^Twilio answered 401 for .*: Authentication Error - invalid username$/);
  });

  it('never sends the credentials to a host other than Twilio\'s', async () => {
    const deps = recordingDeps();
    await failure(smsConnector.fetchMedia!(config(), 'https://cdn.example.com/media.jpg', deps));
    expect(deps.requests).toHaveLength(0);
  });
});

describe('X DM fetchMedia: TON media signed with OAuth 1.0a', () => {
  const creds = { consumerKey: 'key-0123456789', consumerSecret: 'consumer-secret-0123456789abcdef', accessToken: '111-abc', accessTokenSecret: 'token-secret-0123456789abcdef' };
  let api: XApi;
  beforeAll(async () => { api = await startXApi({ creds, me: { id: '111', username: 'cafe' } }); });
  afterAll(async () => { await api.close(); });
  const config = (over = {}) => xDmConnector.configSchema.parse({ ...creds, userId: '111', apiBaseUrl: api.url, timeoutMs: 2000, ...over });

  it('signs the GET so X\'s stand-in (its own RFC 5849 check) serves the file', async () => {
    const url = api.addMedia('photo.jpg', JPEG, 'image/jpeg');
    const deps = recordingDeps();
    const media = await xDmConnector.fetchMedia!(config(), url, deps);
    expect(Buffer.from(media.bytes).equals(Buffer.from(JPEG))).toBe(true);
    expect(deps.requests[0].headers.get('authorization')).toMatch(/^OAuth oauth_consumer_key="key-0123456789", .*oauth_signature="/);
  });

  it('a wrong token secret fails with X\'s problem detail', async () => {
    const url = api.addMedia('photo2.jpg', JPEG, 'image/jpeg');
    const bad = api.badSignatures;
    const err = await failure(xDmConnector.fetchMedia!(config({ accessTokenSecret: 'another-secret-0123456789abcdef' }), url, recordingDeps()));
    expect(err.message).toMatch(/^X answered 401 for \/1\.1\/ton\/data\/dm\/.*: Unauthorized$/);
    expect(api.badSignatures).toBe(bad + 1);
  });
});

describe('WhatsApp fetchMedia takes the stored attachment URL as its reference', () => {
  it('reads the media id from the attachment URL the parser stored, or takes a bare id', () => {
    expect(whatsappMediaIdOf(whatsappMediaPath('ch_1', '1234.5_6'))).toBe('1234.5_6');
    expect(whatsappMediaIdOf('987654')).toBe('987654');
  });
});

describe('Apple Messages for Business fetchMedia: preDownload, download, AES-256-CTR decrypt', () => {
  const MSP = 'msp-parley-test';
  const SECRET = Buffer.alloc(32, 7).toString('base64');
  let gateway: AppleGateway;
  beforeAll(async () => { gateway = await startAppleGateway({ mspId: MSP, apiSecret: SECRET, businessId: 'biz-123' }); });
  afterAll(async () => { await gateway.close(); });
  const config = (apiSecret = SECRET) => appleMessagesConnector.configSchema.parse({ mspId: MSP, apiSecret, businessId: 'biz-123', apiBaseUrl: gateway.url, timeoutMs: 2000 });
  const inbound = async (attachment: Record<string, unknown>) => {
    const body = gzipSync(JSON.stringify({ v: 1, id: `m-${Math.random()}`, type: 'text', sourceId: 'urn:mbid:customer', destinationId: 'biz-123', body: '\uFFFC', attachments: [attachment] }));
    const [event] = appleMessagesConnector.parse({ method: 'POST', url: 'https://parley.test/webhooks/ch_amb', headers: {}, body }, { id: 'ch_amb', accountId: 'acc_1', config: config() });
    return event as Extract<typeof event, { kind: 'message' }>;
  };

  it('an attachment as Apple\'s sample reads it (hex signature): preDownload with the MMCS headers, the decrypted bytes are the customer\'s', async () => {
    const attachment = await gateway.addAttachment('scan.png', PNG, 'image/png');
    expect(attachment).toMatchObject({ signature: expect.stringMatching(/^[0-9A-F]{42}$/), size: PNG.length });
    expect(attachment).not.toHaveProperty('signature-base64');
    const event = await inbound(attachment);
    expect(event.attachments[0]).toMatchObject({ mime: 'image/png', name: 'scan.png', size: PNG.length, url: expect.stringMatching(/^amb-attachment:/) });
    const media = await appleMessagesConnector.fetchMedia!(config(), event.attachments[0].url!, recordingDeps());
    expect(Buffer.from(media.bytes).equals(Buffer.from(PNG))).toBe(true);
    const headers = gateway.preDownloads.at(-1)!;
    const base64 = Buffer.from(String(attachment.signature), 'hex').toString('base64');
    expect(headers).toMatchObject({ 'source-id': 'biz-123', 'mmcs-url': attachment.url, 'mmcs-owner': attachment.owner, 'mmcs-signature': base64 });
    // The older spelling goes along with the same values (media-download.ts says why).
    expect(headers).toMatchObject({ url: attachment.url, owner: attachment.owner, signature: base64 });
  });

  it('the other spelling, signature-base64, downloads the same way; a lowercase hex signature too', async () => {
    const b64 = await gateway.addAttachment('photo.jpg', JPEG, 'image/jpeg', { signatureField: 'signature-base64' });
    const viaBase64 = await inbound(b64);
    expect(Buffer.from((await appleMessagesConnector.fetchMedia!(config(), viaBase64.attachments[0].url!, recordingDeps())).bytes).equals(Buffer.from(JPEG))).toBe(true);
    expect(gateway.preDownloads.at(-1)!['mmcs-signature']).toBe(b64['signature-base64']);
    const hex = await gateway.addAttachment('scan3.png', PNG, 'image/png');
    const viaLowerHex = await inbound({ ...hex, signature: String(hex.signature).toLowerCase() });
    expect(Buffer.from((await appleMessagesConnector.fetchMedia!(config(), viaLowerHex.attachments[0].url!, recordingDeps())).bytes).equals(Buffer.from(PNG))).toBe(true);
  });

  it('an attachment without a signature keeps its name and type but no reference to fetch', async () => {
    const { signature: _dropped, ...unsigned } = await gateway.addAttachment('nosig.png', PNG, 'image/png');
    const event = await inbound(unsigned);
    expect(event.attachments).toEqual([{ mime: 'image/png', name: 'nosig.png', size: PNG.length }]);
  });

  it('a preDownload with a signature that does not match the file: the gateway\'s refusal is quoted', async () => {
    const attachment = await gateway.addAttachment('scan4.png', PNG, 'image/png');
    const event = await inbound({ ...attachment, signature: '01'.repeat(21) });
    const err = await failure(appleMessagesConnector.fetchMedia!(config(), event.attachments[0].url!, recordingDeps()));
    expect(err.message).toBe('Apple preDownload answered 404: Attachment not found');
  });

  it('a wrong API secret: the gateway refuses the JWT and the error says so', async () => {
    const event = await inbound(await gateway.addAttachment('scan2.png', PNG, 'image/png'));
    const err = await failure(appleMessagesConnector.fetchMedia!(config(Buffer.alloc(32, 9).toString('base64')), event.attachments[0].url!, recordingDeps()));
    expect(err.message).toBe('Apple preDownload answered 401: Unauthorized');
  });
});

describe('Slack outbound files: files.getUploadURLExternal (form), the bytes, files.completeUploadExternal', () => {
  const TOKEN = 'xoxb-111-222-uploads';
  let api: SlackApi;
  let fileHost: Server;
  let fileUrl: string;
  beforeAll(async () => {
    api = await startSlackApi({ token: TOKEN });
    fileHost = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/pdf' }); res.end(Buffer.from('%PDF-1.4 invoice')); });
    await new Promise<void>((resolve) => fileHost.listen(0, '127.0.0.1', resolve));
    fileUrl = `http://127.0.0.1:${(fileHost.address() as AddressInfo).port}/docs/invoice-1042.pdf`;
  });
  afterAll(async () => { await api.close(); fileHost.close(); });
  const config = slackConnectorConfig(() => api.url, TOKEN);

  it('a reply with a file: the text is posted, the file uploaded and shared in the thread', async () => {
    await slackConnector.send({
      id: 'msg_up', caseId: 'case_1', threadId: 'C0SUPPORT:1764000100.000200', recipient: { externalId: 'U1' },
      content: { content: { type: 'text', text: 'Your invoice.', format: 'plain' } }, text: 'Your invoice.', attachments: [{ url: fileUrl, mime: 'application/pdf', name: 'invoice-1042.pdf' }],
    }, { id: 'ch_s', accountId: 'acc_1', config: config() }, { fetch, now: Date.now });
    const [reserve] = api.callsOf('files.getUploadURLExternal');
    expect(reserve.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(reserve.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(Object.fromEntries(new URLSearchParams(reserve.rawBody))).toEqual({ filename: 'invoice-1042.pdf', length: '16' });
    expect(api.callsOf('files.completeUploadExternal')[0].body).toEqual({ files: [{ id: expect.stringMatching(/^F0UP/), title: 'invoice-1042.pdf' }], channel_id: 'C0SUPPORT', thread_ts: '1764000100.000200' });
    expect(api.sharedFiles.at(-1)!.bytes.toString()).toBe('%PDF-1.4 invoice');
    expect(api.callsOf('chat.postMessage')[0].body).toMatchObject({ channel: 'C0SUPPORT', text: 'Your invoice.' });
  });

  it('Slack refusing the upload (files:write missing) fails the message with Slack\'s error', async () => {
    api.answerNext('files.getUploadURLExternal', { json: { ok: false, error: 'missing_scope', needed: 'files:write' } });
    const err = await failure(slackConnector.send({
      id: 'msg_up2', caseId: 'case_1', threadId: 'D1', recipient: { externalId: 'U1' },
      content: { content: { type: 'text', text: 'File:', format: 'plain' } }, text: 'File:', attachments: [{ url: fileUrl, mime: 'application/pdf', name: 'a.pdf' }],
    }, { id: 'ch_s', accountId: 'acc_1', config: config() }, { fetch, now: Date.now }));
    expect(err.message).toBe('Slack files.getUploadURLExternal failed: missing_scope');
  });
});

function slackConnectorConfig(url: () => string, botToken: string) {
  return () => slackConnector.configSchema.parse({ botToken, signingSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', apiBaseUrl: url(), timeoutMs: 2000 });
}

describe('X DM outbound images: POST /2/media/upload (dm_image), then attachments: [{ media_id }]', () => {
  const creds = { consumerKey: 'key-0123456789', consumerSecret: 'consumer-secret-0123456789abcdef', accessToken: '111-abc', accessTokenSecret: 'token-secret-0123456789abcdef' };
  let api: XApi;
  let dir: string;
  beforeAll(async () => {
    api = await startXApi({ creds, me: { id: '111', username: 'cafe' } });
    dir = mkdtempSync(join(tmpdir(), 'parley-x-upload-'));
    writeFileSync(join(dir, 'label.png'), PNG);
  });
  afterAll(async () => { await api.close(); rmSync(dir, { recursive: true, force: true }); });
  const config = () => xDmConnector.configSchema.parse({ ...creds, userId: '111', apiBaseUrl: api.url, timeoutMs: 2000 });
  const reply = (over: Record<string, unknown>) => ({
    id: 'msg_x', caseId: 'case_1', threadId: '999', recipient: { externalId: '999' },
    content: { content: { type: 'text', text: 'Your label.', format: 'plain' } }, text: 'Your label.', attachments: [], ...over,
  });

  it('a stored image (local path from the engine) is uploaded and rides on the DM; the stand-in checks the signature', async () => {
    const bad = api.badSignatures;
    await xDmConnector.send(reply({ context: { x: { files: [{ filename: 'label.png', path: join(dir, 'label.png'), contentType: 'image/png' }] } } }), { id: 'ch_x', accountId: 'acc_1', config: config() }, { fetch, now: Date.now });
    const upload = api.uploads.at(-1)!;
    expect(upload).toMatchObject({ category: 'dm_image', type: 'image/png', shared: true });
    expect(upload.bytes.equals(Buffer.from(PNG))).toBe(true);
    expect(api.dms.at(-1)).toMatchObject({ to: '999', body: { text: 'Your label.', attachments: [{ media_id: upload.id }] } });
    expect(api.badSignatures).toBe(bad);
  });

  it('a PDF is refused with the reason (X\'s one-shot upload takes images), and no DM goes out', async () => {
    const before = api.dms.length;
    const err = await failure(xDmConnector.send(reply({ context: { x: { files: [{ filename: 'invoice.pdf', path: join(dir, 'label.png'), contentType: 'application/pdf' }] } } }), { id: 'ch_x', accountId: 'acc_1', config: config() }, { fetch, now: Date.now }));
    expect(err.message).toContain('invoice.pdf is application/pdf');
    expect(api.dms.length).toBe(before);
  });
});
