// WhatsApp outbound against a local stand-in of the Graph API: the exact Cloud API requests (text,
// interactive, templates with variables, media by link and by upload), the approved-template listing
// and how Meta's failures are classified.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type OutboundMessage } from '../../connectors/connector';
import { whatsappConnector, type WhatsAppConfig } from '../../connectors/whatsapp';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';

const TOKEN = 'EAAJB-system-user-token-0123';
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const TO = '16505551234';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let graph: MetaGraphApi;
let files: Server;
let filesUrl: string;
let channel: ChannelContext<WhatsAppConfig>;
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

const template = (name: string, status: 'APPROVED' | 'PENDING' | 'REJECTED', body: string) => ({
  name, language: 'en_US', status, category: 'UTILITY',
  components: [{ type: 'HEADER', format: 'TEXT', text: 'Order update' }, { type: 'BODY', text: body }, { type: 'FOOTER', text: 'Acme' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] }],
});

beforeAll(async () => {
  graph = await startMetaGraphApi({
    tokens: [TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID], templatePageSize: 2,
    media: { '1479537139650973': { mime: 'image/jpeg', bytes: Buffer.from('ffd8ffe000104a464946', 'hex') } },
    templates: {
      [WABA_ID]: [
        template('order_shipped', 'APPROVED', 'Hi {{1}}, your order {{2}} has shipped.'),
        template('promo_draft', 'PENDING', 'Sale!'),
        template('appointment_reminder', 'APPROVED', 'See you on {{1}}.'),
        template('old_one', 'REJECTED', 'x'),
        template('welcome', 'APPROVED', 'Welcome to Acme!'),
      ],
    },
  });
  files = createServer((req, res) => {
    if (req.url === '/private/receipt.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  channel = {
    id: 'ch_wa', accountId: 'acc_1',
    config: whatsappConnector.configSchema.parse({
      phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, accessToken: TOKEN, appSecret: 'app-secret', verifyToken: 'wa-verify-token', graphApiBaseUrl: graph.url, timeoutMs: 1000,
    }) as WhatsAppConfig,
  };
});
afterAll(async () => {
  await graph?.close();
  await new Promise((resolve) => files?.close(resolve));
});
let before = 0;
beforeEach(() => { before = graph.received.length; });

const outbound = (content: unknown, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'msg_01JQ7Z3W4Y', caseId: 'case_1', threadId: TO, recipient: { externalId: TO, name: 'Sheena' }, content, text: 'fallback', attachments: [], ...extra,
});
const send = (message: OutboundMessage, ctx = channel) => whatsappConnector.send(message, ctx, deps);
const newRequests = () => graph.received.slice(before);
const sendError = async (message: OutboundMessage) => {
  const err = await send(message).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
};
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, biz_opaque_callback_data: 'msg_01JQ7Z3W4Y' };

describe('WhatsApp send', () => {
  it('a text reply: POST /v25.0/{phone-number-id}/messages, Bearer token, Parley’s id as biz_opaque_callback_data', async () => {
    const result = await send(outbound({ content: { type: 'text', text: 'It comes in blue and red.', format: 'plain' } }));
    const [request] = newRequests();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v25.0/${PHONE_NUMBER_ID}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ ...envelope, type: 'text', text: { body: 'It comes in blue and red.', preview_url: false } });
    expect(result.providerMessageId).toMatch(/^wamid\./);
  });

  it('quick replies become interactive reply buttons', async () => {
    await send(outbound({ content: { type: 'quickReplies', text: 'When should we call you?', replies: [{ id: 'AM', title: 'Morning', payload: 'am' }, { id: 'PM', title: 'Afternoon', payload: 'pm' }] } }));
    expect(newRequests()[0].body).toEqual({
      ...envelope, type: 'interactive',
      interactive: { type: 'button', body: { text: 'When should we call you?' }, action: { buttons: [{ type: 'reply', reply: { id: 'AM', title: 'Morning' } }, { type: 'reply', reply: { id: 'PM', title: 'Afternoon' } }] } },
    });
  });

  it('an approved template with variables, as authored in the content model', async () => {
    await send(outbound({
      content: {
        type: 'template', name: 'order_shipped', language: 'en_US', bodyText: 'Hi {{1}}, your order {{2}} has shipped.',
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sheena' }, { type: 'text', text: '#4711' }] }],
      },
    }));
    // First the approved template's header format (a TEXT header needs no file), then the send.
    const [lookup, sent] = newRequests();
    expect(lookup.path).toBe(`/v25.0/${WABA_ID}/message_templates`);
    expect(lookup.query).toMatchObject({ name: 'order_shipped', status: 'APPROVED' });
    expect(sent.body).toEqual({
      ...envelope, type: 'template',
      template: { name: 'order_shipped', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sheena' }, { type: 'text', text: '#4711' }] }] },
    });
  });

  it('media by link: the reply API’s attachments as image and document messages', async () => {
    await send(outbound({ content: { type: 'text', text: 'Here you go', format: 'plain' } }, {
      attachments: [{ url: 'https://files.example.com/a.png', mime: 'image/png' }, { url: 'https://files.example.com/invoice.pdf', mime: 'application/pdf', name: 'invoice.pdf' }],
    }));
    expect(newRequests().map((r) => r.body)).toEqual([
      { ...envelope, type: 'text', text: { body: 'Here you go', preview_url: false } },
      { ...envelope, type: 'image', image: { link: 'https://files.example.com/a.png' } },
      { ...envelope, type: 'document', document: { link: 'https://files.example.com/invoice.pdf', filename: 'invoice.pdf' } },
    ]);
  });

  it('media by upload: Parley fetches the file, POSTs it to /{phone-number-id}/media and sends the media id', async () => {
    const uploading = { ...channel, config: { ...channel.config, mediaDelivery: 'upload' as const } };
    await send(outbound({ content: { type: 'attachment', kind: 'image', url: `${filesUrl}/private/receipt.png`, mime: 'image/png', caption: 'Your receipt' } }), uploading);
    const [upload, message] = newRequests();
    expect(upload.path).toBe(`/v25.0/${PHONE_NUMBER_ID}/media`);
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.form?.fields).toEqual({ messaging_product: 'whatsapp', type: 'image/png' });
    expect(upload.form?.file).toEqual({ name: 'receipt.png', type: 'image/png', bytes: PNG });
    expect(message.body).toEqual({ ...envelope, type: 'image', image: { id: expect.stringMatching(/^media-\d+$/), caption: 'Your receipt' } });
  });

  it('a data: URL is always uploaded (Meta cannot fetch it)', async () => {
    await send(outbound({ content: { type: 'text', text: ' ', format: 'plain' } }, { text: '', attachments: [{ url: `data:application/pdf;base64,${Buffer.from('%PDF-1.4').toString('base64')}`, mime: 'application/pdf', name: 'note.pdf' }] }));
    const [upload, message] = newRequests();
    expect(upload.form?.file).toEqual({ name: 'note.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') });
    expect(message.body).toEqual({ ...envelope, type: 'document', document: { id: expect.stringMatching(/^media-/), filename: 'note.pdf' } });
  });

  it('a file Parley cannot download is a permanent failure when it is gone (404)', async () => {
    const uploading = { ...channel, config: { ...channel.config, mediaDelivery: 'upload' as const } };
    const err = await send(outbound({ content: { type: 'attachment', kind: 'image', url: `${filesUrl}/gone.png`, mime: 'image/png' } }), uploading).catch((e: SendError) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
    expect((err as SendError).message).toMatch(/answered 404/);
  });
});

describe('WhatsApp templates', () => {
  it('lists the approved templates of the Business Account across pages, with body text and variable count', async () => {
    const templates = await whatsappConnector.listTemplates(channel.config, deps);
    expect(templates.map((t) => t.name)).toEqual(['order_shipped', 'appointment_reminder', 'welcome']);
    expect(templates[0]).toEqual({
      name: 'order_shipped', language: 'en_US', status: 'APPROVED', category: 'UTILITY', bodyText: 'Hi {{1}}, your order {{2}} has shipped.', bodyVariables: 2,
      headerFormat: 'TEXT', headerText: 'Order update', footerText: 'Acme', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }],
    });
    const requests = newRequests();
    expect(requests).toHaveLength(2);
    expect(requests[0].path).toBe(`/v25.0/${WABA_ID}/message_templates`);
    expect(requests[0].query).toMatchObject({ status: 'APPROVED', fields: 'name,language,status,category,components' });
    expect(requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('without a businessAccountId the templates cannot be listed', async () => {
    const { businessAccountId: _, ...rest } = channel.config;
    await expect(whatsappConnector.listTemplates(rest as WhatsAppConfig, deps)).rejects.toThrow(/no businessAccountId/);
  });
});

describe('WhatsApp send errors', () => {
  const metaError = (status: number, code: number, message: string, details?: string) => ({
    status, json: { error: { message, type: 'OAuthException', code, ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}), fbtrace_id: 'x' } },
  });

  it('the 24 h window closed at Meta (131047) is permanent, with Meta’s details', async () => {
    graph.failNext(metaError(400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'));
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(err.transient).toBe(false);
    expect(err.message).toBe('Meta Graph API answered 400 (code 131047): Re-engagement message — Message failed to send because more than 24 hours have passed since the customer last replied to this number. (send the WhatsApp message)');
  });

  it.each([
    [130429, 'Rate limit hit'],
    [131056, '(Business Account, Consumer Account) pair rate limit hit'],
    [80007, 'Rate limit issues'],
    [4, 'Too many calls'],
  ])('throughput / pair-rate limit %i is transient', async (code, message) => {
    graph.failNext(metaError(400, code, message));
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(err.transient).toBe(true);
    expect(err.message).toContain(message);
  });

  it('a payload the Cloud API rejects is permanent (the stand-in checks the real shape)', async () => {
    const err = await sendError(outbound({ content: { type: 'text', text: 'x'.repeat(10), format: 'plain' } }, { recipient: { externalId: '' } }));
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/The parameter to is required/);
  });

  it('503 is transient', async () => {
    graph.failNext(metaError(503, 133004, 'Server temporarily unavailable'));
    expect((await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }))).transient).toBe(true);
  });
});

describe('WhatsApp set-up', () => {
  const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_01JQWA', reason: 'create' as const };

  it('GET /{phone-number-id} proves the token; the display number and verified name are kept', async () => {
    expect(await whatsappConnector.setup!(channel, context, deps)).toEqual({ config: { displayPhoneNumber: '+1 555-078-3881', verifiedName: 'Parley Test', webhookSubscribed: true, appCallbackSet: false, webhookSetupProblem: undefined } });
    const [request] = newRequests();
    expect(request.path).toBe(`/v25.0/${PHONE_NUMBER_ID}`);
    expect(request.query.fields).toBe('id,display_phone_number,verified_name');
  });

  it('a rejected token refuses the set-up with Meta’s reason', async () => {
    const refused = await whatsappConnector.setup!({ ...channel, config: { ...channel.config, accessToken: 'EAAJB-revoked-000000000000' } }, context, deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SetupError);
    expect((refused as Error).message).toMatch(/code 190/);
  });

  it('next steps name the callback URL, verify token, the messages field and the templates path', () => {
    const steps = whatsappConnector.nextSteps!(channel.config, { webhookUrl: context.webhookUrl });
    expect(steps.map((s) => s.value)).toEqual([context.webhookUrl, 'wa-verify-token', 'messages', 'GET /api/v1/channels/ch_01JQWA/templates']);
  });
});

describe('WhatsApp inbound media', () => {
  it('fetches a media id in two steps with the token: GET /{media-id}, then its URL', async () => {
    const media = await whatsappConnector.fetchMedia(channel.config, '1479537139650973', deps);
    expect(media).toEqual({ mime: 'image/jpeg', bytes: Buffer.from('ffd8ffe000104a464946', 'hex') });
    const [lookup, download] = newRequests();
    expect(lookup.path).toBe('/v25.0/1479537139650973');
    expect(download.path).toBe('/whatsapp_business/attachments/1479537139650973');
    expect([lookup.token, download.token]).toEqual([TOKEN, TOKEN]);
  });

  it('an unknown media id is a permanent failure', async () => {
    const err = await whatsappConnector.fetchMedia(channel.config, '999', deps).catch((e: SendError) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).transient).toBe(false);
  });
});
