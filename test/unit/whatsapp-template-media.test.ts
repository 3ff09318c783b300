// WhatsApp templates with a media header (image, video, document) against the Graph API stand-in:
// in upload mode the header's file is uploaded to /{phone-number-id}/media (multipart, the exact
// bytes and type) and the header parameter carries the media id, in Meta's shape
// ({type: 'image', image: {id}}, document with its filename); in link mode it stays a link; and a
// template whose approved header needs a file the message does not give is refused before anything
// is sent. A card's image over its buttons (an interactive media header) is uploaded the same way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage } from '../../connectors/connector';
import type { PublicMediaFile } from '../../connectors/shared/public-media';
import { whatsappConnector, type WhatsAppConfig } from '../../connectors/whatsapp';
import { forgetStoredUploads } from '../../connectors/whatsapp/stored-upload-cache';
import { forgetTemplateHeaderFormats } from '../../connectors/whatsapp/template-header';
import { startMetaGraphApi, type GraphRequest, type MetaGraphApi } from '../fakes/meta-graph-api';

const TOKEN = 'EAAJB-system-user-template-media-01';
const PHONE_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340411';
const TO = '34600111222';
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.from('a photo of the autumn collection'), Buffer.from('ffd9', 'hex')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MP4 = Buffer.concat([Buffer.from('0000001866747970', 'hex'), Buffer.from('mp42 a short clip')]);
const STORED_PHOTO = 'https://parley.acme.test/api/v1/attachments/file_01photo';
const STORED_INVOICE = 'https://parley.acme.test/api/v1/attachments/file_01invoice';
const STORED_WEBP = 'https://parley.acme.test/api/v1/attachments/file_01webp';

let graph: MetaGraphApi;
let files: Server;
let filesUrl: string;
let dir: string;
let upload: ChannelContext<WhatsAppConfig>;
let link: ChannelContext<WhatsAppConfig>;
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

const header = (format: string) => ({ type: 'HEADER', format, ...(format === 'TEXT' ? { text: 'Autumn' } : { example: { header_handle: ['4::aW...'] } }) });
const fixture = (name: string, format: string | null) => ({
  name, language: 'es', status: 'APPROVED' as const, category: 'MARKETING',
  components: [...(format ? [header(format)] : []), { type: 'BODY', text: 'Hola {{1}}, ya está aquí.' }],
});

beforeAll(async () => {
  graph = await startMetaGraphApi({
    tokens: [TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID],
    templates: {
      [WABA_ID]: [
        fixture('autumn_lookbook', 'IMAGE'), fixture('invoice_ready', 'DOCUMENT'), fixture('product_tour', 'VIDEO'),
        fixture('autumn_lookbook_text', 'TEXT'), fixture('plain_greeting', null),
      ],
    },
  });
  files = createServer((req, res) => {
    if (req.url === '/private/tour.mp4') res.writeHead(200, { 'content-type': 'video/mp4' }).end(MP4);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'wa-template-media-'));
  writeFileSync(join(dir, 'photo'), JPEG);
  writeFileSync(join(dir, 'invoice'), PDF);
  writeFileSync(join(dir, 'webp'), Buffer.from('RIFF0000WEBPVP8 '));
  const config = whatsappConnector.configSchema.parse({
    phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, accessToken: TOKEN, appSecret: 'app-secret', verifyToken: 'wa-verify-token',
    graphApiBaseUrl: graph.url, timeoutMs: 2000,
  }) as WhatsAppConfig;
  upload = { id: 'ch_wa_upload', accountId: 'acc_1', config: { ...config, mediaDelivery: 'upload' } };
  link = { id: 'ch_wa_link', accountId: 'acc_1', config: { ...config, mediaDelivery: 'link' } };
});
afterAll(async () => {
  await graph?.close();
  await new Promise((resolve) => files?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
let before = 0;
beforeEach(() => {
  before = graph.received.length;
  forgetTemplateHeaderFormats();
  forgetStoredUploads();
});
const newRequests = () => graph.received.slice(before);
const messagesSent = () => newRequests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

/** The stored files as the engine's outbound context hands them over (engine/attachments/outbound-media-links.ts). */
const stored: Record<string, PublicMediaFile> = {
  [STORED_PHOTO]: { link: 'https://parley.acme.test/media/file_01photo.abc.sig/Lookbook%20oto%C3%B1o.jpg', mime: 'image/jpeg', name: 'Lookbook otoño.jpg', size: JPEG.length, path: '' },
  [STORED_INVOICE]: { link: 'https://parley.acme.test/media/file_01invoice.abc.sig/Factura%204711.pdf', mime: 'application/pdf', name: 'Factura 4711.pdf', size: PDF.length, path: '' },
  [STORED_WEBP]: { link: 'https://parley.acme.test/media/file_01webp.abc.sig/sticker.webp', mime: 'image/webp', name: 'sticker.webp', size: 16, path: '' },
};
const context = () => ({
  publicMedia: {
    files: Object.fromEntries(Object.entries(stored).map(([url, f]) => [url, { ...f, path: join(dir, url.endsWith('photo') ? 'photo' : url.endsWith('invoice') ? 'invoice' : 'webp') }])),
  },
});

const template = (name: string, headerParameter?: unknown) => ({
  type: 'template', name, language: 'es', bodyText: 'Hola {{1}}, ya está aquí.',
  components: [
    ...(headerParameter ? [{ type: 'header', parameters: [headerParameter] }] : []),
    { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] },
  ],
});
const outbound = (content: unknown): OutboundMessage => ({
  id: 'cmp_01autumn-r1', caseId: '', threadId: TO, recipient: { externalId: TO, name: 'Lucía' }, content: { content }, text: 'Hola Lucía', attachments: [], context: context(),
});
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, biz_opaque_callback_data: 'cmp_01autumn-r1', type: 'template' };
const body = { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] };

function uploadOf(request: GraphRequest) {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/v25.0/${PHONE_NUMBER_ID}/media`);
  expect(request.token).toBe(TOKEN);
  expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  return request.form!;
}

describe('upload mode: the header file is uploaded and the header parameter carries its media id', () => {
  it('an image header from a stored file: the multipart upload holds the exact bytes as image/jpeg, then {type: image, image: {id}}', async () => {
    const result = await whatsappConnector.send(outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO })), upload, deps);
    const requests = newRequests();
    // The header is given, so no template look-up: the upload, then the message.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v25.0/${PHONE_NUMBER_ID}/media`, `POST /v25.0/${PHONE_NUMBER_ID}/messages`]);
    const form = uploadOf(requests[0]);
    expect(form.fields).toEqual({ messaging_product: 'whatsapp', type: 'image/jpeg' });
    expect(form.file).toEqual({ name: 'Lookbook otoño.jpg', type: 'image/jpeg', bytes: JPEG });
    const [mediaId] = [...graph.uploadedMedia.entries()].find(([, u]) => u.file.bytes.equals(JPEG))!;
    expect(requests[1].body).toEqual({
      ...envelope,
      template: { name: 'autumn_lookbook', language: { code: 'es' }, components: [{ type: 'header', parameters: [{ type: 'image', image: { id: mediaId } }] }, body] },
    });
    expect(result.providerMessageId).toMatch(/^wamid\./);
  });

  it('a document header from a stored file carries its id and the stored file name as filename', async () => {
    await whatsappConnector.send(outbound(template('invoice_ready', { type: 'document', url: STORED_INVOICE })), upload, deps);
    const [up, sent] = newRequests();
    expect(uploadOf(up).file).toEqual({ name: 'Factura 4711.pdf', type: 'application/pdf', bytes: PDF });
    expect(uploadOf(up).fields.type).toBe('application/pdf');
    expect(sent.body.template.components[0]).toEqual({ type: 'header', parameters: [{ type: 'document', document: { id: expect.stringMatching(/^media-\d+$/), filename: 'Factura 4711.pdf' } }] });
    expect(graph.uploadedMedia.get(sent.body.template.components[0].parameters[0].document.id)?.file.bytes.equals(PDF)).toBe(true);
  });

  it('a filename the message gives wins over the stored name, for the upload and for the header', async () => {
    await whatsappConnector.send(outbound(template('invoice_ready', { type: 'document', url: STORED_INVOICE, filename: 'Invoice 4711.pdf' })), upload, deps);
    const [up, sent] = newRequests();
    expect(uploadOf(up).file?.name).toBe('Invoice 4711.pdf');
    expect(sent.body.template.components[0].parameters[0].document).toEqual({ id: expect.stringMatching(/^media-/), filename: 'Invoice 4711.pdf' });
  });

  it('a video header from a URL Meta cannot reach is downloaded by Parley and uploaded', async () => {
    await whatsappConnector.send(outbound(template('product_tour', { type: 'video', url: `${filesUrl}/private/tour.mp4` })), upload, deps);
    const [up, sent] = newRequests();
    expect(uploadOf(up).file).toEqual({ name: 'tour.mp4', type: 'video/mp4', bytes: MP4 });
    expect(sent.body.template.components[0]).toEqual({ type: 'header', parameters: [{ type: 'video', video: { id: expect.stringMatching(/^media-/) } }] });
  });

  it('a campaign\'s recipients share one upload of the same stored file; a failed upload is not remembered', async () => {
    graph.failNext({ status: 503, json: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'x' } } });
    const first = await whatsappConnector.send(outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO })), upload, deps).catch((e: unknown) => e);
    expect((first as SendError).transient).toBe(true);
    for (let i = 0; i < 3; i++) await whatsappConnector.send(outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO })), upload, deps);
    const uploads = newRequests().filter((r) => r.path.endsWith('/media'));
    expect(uploads).toHaveLength(2); // the refused one, then one for the three sends
    const ids = messagesSent().map((r) => r.body.template.components[0].parameters[0].image.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(graph.uploadedMedia.get(ids[0])?.file.bytes.equals(JPEG)).toBe(true);
  });

  it('needs no public link: with PARLEY_PUBLIC_URL unset (no link, the context says why) the stored file is still uploaded', async () => {
    const ctx = context();
    const files = Object.fromEntries(Object.entries(ctx.publicMedia.files).map(([url, { link: _link, ...f }]) => [url, f]));
    const message = { ...outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO })), context: { publicMedia: { files, unreachable: 'PARLEY_PUBLIC_URL is not set' } } };
    await whatsappConnector.send(message, upload, deps);
    const [up, sent] = newRequests();
    expect(uploadOf(up).file?.bytes.equals(JPEG)).toBe(true);
    expect(sent.body.template.components[0].parameters[0]).toEqual({ type: 'image', image: { id: expect.stringMatching(/^media-/) } });
  });

  it('a stored WebP in an image header is refused before any upload: WhatsApp takes JPEG or PNG there', async () => {
    const err = await whatsappConnector.send(outbound(template('autumn_lookbook', { type: 'image', url: STORED_WEBP })), upload, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
    expect((err as SendError).message).toBe('The WhatsApp template "autumn_lookbook" shows sticker.webp (image/webp) in its image header, but WhatsApp takes only image/jpeg or image/png there.');
    expect(newRequests()).toHaveLength(0);
  });

  it('a header file that is no longer stored is a permanent failure naming it', async () => {
    const message = outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO }));
    const ctx = context();
    ctx.publicMedia.files[STORED_PHOTO].path = join(dir, 'deleted');
    const err = await whatsappConnector.send({ ...message, context: ctx }, upload, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
    expect((err as SendError).message).toMatch(/^The file Lookbook otoño\.jpg is no longer stored/);
    expect(messagesSent()).toHaveLength(0);
  });
});

describe('interactive headers (a card\'s image over its buttons) go the same way', () => {
  const card = { type: 'card', title: 'Abrigo de lana', subtitle: '89 €', imageUrl: STORED_PHOTO, buttons: [{ id: 'buy', title: 'Comprar', action: { type: 'postback', payload: 'BUY' } }] };

  it('upload mode: the stored image is uploaded and the header is {type: image, image: {id}}', async () => {
    await whatsappConnector.send(outbound(card), upload, deps);
    const [up, sent] = newRequests();
    expect(uploadOf(up).file).toEqual({ name: 'Lookbook otoño.jpg', type: 'image/jpeg', bytes: JPEG });
    expect(sent.body.type).toBe('interactive');
    expect(sent.body.interactive.header).toEqual({ type: 'image', image: { id: expect.stringMatching(/^media-\d+$/) } });
    expect(graph.uploadedMedia.get(sent.body.interactive.header.image.id)?.file.bytes.equals(JPEG)).toBe(true);
  });

  it('link mode: the header is the signed public link', async () => {
    await whatsappConnector.send(outbound(card), link, deps);
    expect(newRequests().map((r) => r.path)).toEqual([`/v25.0/${PHONE_NUMBER_ID}/messages`]);
    expect(newRequests()[0].body.interactive.header).toEqual({ type: 'image', image: { link: stored[STORED_PHOTO].link } });
  });
});

describe('link mode: the header keeps a link', () => {
  it('a stored image header goes as its signed public link, with no upload', async () => {
    await whatsappConnector.send(outbound(template('autumn_lookbook', { type: 'image', url: STORED_PHOTO })), link, deps);
    const requests = newRequests();
    expect(requests.map((r) => r.path)).toEqual([`/v25.0/${PHONE_NUMBER_ID}/messages`]);
    expect(requests[0].body.template.components[0]).toEqual({ type: 'header', parameters: [{ type: 'image', image: { link: stored[STORED_PHOTO].link } }] });
  });
});

describe('a template whose approved header needs a file the message does not give', () => {
  it.each([
    ['autumn_lookbook', 'an IMAGE header, and this message gives no image for it', '{"type": "header", "parameters": [{"type": "image", "url": "…"}]}'],
    ['invoice_ready', 'a DOCUMENT header, and this message gives no document for it', '{"type": "header", "parameters": [{"type": "document", "url": "…", "filename": "…"}]}'],
    ['product_tour', 'a VIDEO header, and this message gives no video for it', '{"type": "header", "parameters": [{"type": "video", "url": "…"}]}'],
  ])('%s is refused (permanent) before any message is sent', async (name, says, shape) => {
    for (const channel of [upload, link]) {
      forgetTemplateHeaderFormats();
      const err = await whatsappConnector.send(outbound(template(name)), channel, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SendError);
      expect((err as SendError).transient).toBe(false);
      expect((err as SendError).message).toBe(`The WhatsApp template "${name}" (es) has ${says}: give it as the header component's parameter: ${shape}.`);
    }
    // Only the look-up of the approved template reached Meta, by its name.
    expect(messagesSent()).toHaveLength(0);
    expect(newRequests().map((r) => [r.method, r.path, r.query.name])).toEqual([
      ['GET', `/v25.0/${WABA_ID}/message_templates`, name], ['GET', `/v25.0/${WABA_ID}/message_templates`, name],
    ]);
  });

  it('the same check answers before queueing (templateProblem): the reason, or nothing when the template can go', async () => {
    expect(await whatsappConnector.templateProblem(upload.config, { content: template('invoice_ready') }, deps)).toMatch(/^The WhatsApp template "invoice_ready" \(es\) has a DOCUMENT header/);
    expect(await whatsappConnector.templateProblem(upload.config, { content: template('invoice_ready', { type: 'document', url: STORED_INVOICE }) }, deps)).toBeUndefined();
    expect(await whatsappConnector.templateProblem(upload.config, { content: template('plain_greeting') }, deps)).toBeUndefined();
    expect(await whatsappConnector.templateProblem(upload.config, { content: { type: 'text', text: 'Hola', format: 'plain' } }, deps)).toBeUndefined();
    expect(messagesSent()).toHaveLength(0);
  });

  it('a text before the template is not sent either', async () => {
    const err = await whatsappConnector.send(outbound([{ type: 'text', text: 'Mira esto:', format: 'plain' }, template('autumn_lookbook')]), upload, deps).catch((e: unknown) => e);
    expect((err as SendError).message).toMatch(/has an IMAGE header/);
    expect(messagesSent()).toHaveLength(0);
  });

  it('templates with a text header or none are sent, and the look-up is remembered (one per template for a whole campaign)', async () => {
    for (let i = 0; i < 3; i++) {
      await whatsappConnector.send(outbound(template('autumn_lookbook_text')), upload, deps);
      await whatsappConnector.send(outbound(template('plain_greeting')), link, deps);
    }
    expect(messagesSent()).toHaveLength(6);
    expect(newRequests().filter((r) => r.method === 'GET').map((r) => r.query.name)).toEqual(['autumn_lookbook_text', 'plain_greeting']);
  });

  it('without a Business Account id Parley cannot ask, so it sends; Meta refuses it (132012) and the reason is Meta\'s', async () => {
    const { businessAccountId: _, ...config } = upload.config;
    const err = await whatsappConnector.send(outbound(template('autumn_lookbook')), { ...upload, config: config as WhatsAppConfig }, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
    expect((err as SendError).message).toContain('(#132012) Parameter format does not match format in the created template — header: Format mismatch, expected IMAGE, received UNKNOWN');
  });

  it('a look-up Meta refuses does not block the send (the token may lack whatsapp_business_management)', async () => {
    graph.failNext({ status: 403, json: { error: { message: '(#200) Requires whatsapp_business_management permission', type: 'OAuthException', code: 200, fbtrace_id: 'x' } } });
    await whatsappConnector.send(outbound(template('plain_greeting')), upload, deps);
    expect(messagesSent()).toHaveLength(1);
  });
});
