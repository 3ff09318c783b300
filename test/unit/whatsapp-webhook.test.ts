// WhatsApp Cloud API webhooks: the hub.challenge handshake, X-Hub-Signature-256 (signed here with
// node:crypto) and parsing of Meta's documented payloads: text, media, interactive replies, template
// quick replies, locations and statuses; the rest skipped.
import { describe, expect, it } from 'vitest';
import type { ChannelContext, ConnectorDeps, InboundEvent } from '../../connectors/connector';
import { whatsappConnector, type WhatsAppConfig } from '../../connectors/whatsapp';
import { hubChallengeRequest, signedMetaRequest } from '../fakes/sign-meta';

const APP_SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const PHONE_NUMBER_ID = '106540352242922';
const WA_ID = '16505551234';
const TS = '1749416383';

const config = whatsappConnector.configSchema.parse({
  phoneNumberId: PHONE_NUMBER_ID, businessAccountId: '102290129340398', accessToken: 'EAAJB-system-user-token-0123', appSecret: APP_SECRET, verifyToken: 'wa-verify-token',
}) as WhatsAppConfig;
const channel: ChannelContext<WhatsAppConfig> = { id: 'ch_wa', accountId: 'acc_1', config };
const deps: ConnectorDeps = { fetch, now: () => Number(TS) * 1000 };

const webhook = (value: object, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, ...value } }] }],
});
const contacts = [{ profile: { name: 'Sheena Nelson' }, wa_id: WA_ID }];
const inbound = (message: object) => webhook({ contacts, messages: [{ from: WA_ID, id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=', timestamp: TS, ...message }] });
const parse = (body: object): InboundEvent[] => whatsappConnector.parse(signedMetaRequest(APP_SECRET, body), channel);

describe('WhatsApp handshake and signature', () => {
  it('answers the challenge for the right verify token, 403 for a wrong one', () => {
    expect(whatsappConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wa-verify-token', 'hub.challenge': '987654' }), channel))
      .toEqual({ status: 200, body: '987654', contentType: 'text/plain' });
    expect(whatsappConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wa-verify-tokeN', 'hub.challenge': '987654' }), channel)?.status).toBe(403);
  });

  it('accepts the signed body; refuses tampered, wrong-secret, missing and malformed signatures', () => {
    const body = inbound({ type: 'text', text: { body: 'Does it come in another color?' } });
    const req = signedMetaRequest(APP_SECRET, body);
    expect(whatsappConnector.verify(req, channel, deps)).toEqual({ ok: true });
    const reason = (r: ReturnType<typeof whatsappConnector.verify>) => (r as { reason?: string }).reason;
    expect(reason(whatsappConnector.verify({ ...req, body: Buffer.from(req.body.toString().replace('color', 'colour')) }, channel, deps))).toMatch(/^signature mismatch/);
    expect(reason(whatsappConnector.verify(signedMetaRequest('another-app-secret', body), channel, deps))).toMatch(/^signature mismatch/);
    expect(reason(whatsappConnector.verify({ ...req, headers: {} }, channel, deps))).toBe('missing X-Hub-Signature-256 header');
    expect(reason(whatsappConnector.verify({ ...req, headers: { 'x-hub-signature-256': 'md5=abc' } }, channel, deps))).toMatch(/^malformed X-Hub-Signature-256/);
  });
});

describe('WhatsApp webhook parsing', () => {
  it('a text message: wamid as event id, wa_id as sender and thread, the profile name as sender name', () => {
    expect(parse(inbound({ type: 'text', text: { body: 'Does it come in another color?' } }))).toEqual([{
      kind: 'message',
      eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
      providerMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
      threadId: WA_ID,
      sender: { externalId: WA_ID, name: 'Sheena Nelson' },
      text: 'Does it come in another color?',
      attachments: [],
      occurredAt: 1749416383000,
      raw: expect.objectContaining({ type: 'text' }),
    }]);
  });

  it('media: an image with its caption and MIME type, a document with its file name', () => {
    const [image] = parse(inbound({ type: 'image', image: { caption: 'This one', mime_type: 'image/jpeg', sha256: 'abc=', id: '1479537139650973' } }));
    // Meta names media by id; agents fetch them through Parley, which asks Meta with the channel's token.
    expect(image).toMatchObject({ kind: 'message', text: 'This one', attachments: [{ url: '/api/v1/channels/ch_wa/media/1479537139650973', mime: 'image/jpeg', name: 'WhatsApp image 1479537139650973' }] });
    const [doc] = parse(inbound({ type: 'document', document: { filename: 'invoice-42.pdf', mime_type: 'application/pdf', sha256: 'abc=', id: '2222' } }));
    expect(doc).toMatchObject({ kind: 'message', text: '', attachments: [{ mime: 'application/pdf', name: 'invoice-42.pdf' }] });
    const [voice] = parse(inbound({ type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '3333', voice: true } }));
    expect(voice).toMatchObject({ kind: 'message', attachments: [{ mime: 'audio/ogg; codecs=opus' }] });
  });

  it('a reply-button tap and a list-row choice are postbacks with the id Parley rendered', () => {
    const [button] = parse(inbound({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'PM', title: 'Afternoon' } } }));
    expect(button).toMatchObject({ kind: 'postback', payload: 'PM', text: 'Afternoon', sender: { externalId: WA_ID, name: 'Sheena Nelson' } });
    const [row] = parse(inbound({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot-2', title: 'Mon 10:00', description: '30 min' } } }));
    expect(row).toMatchObject({ kind: 'postback', payload: 'slot-2', text: 'Mon 10:00' });
  });

  it('a template quick-reply button is a postback with its payload', () => {
    const [event] = parse(inbound({ type: 'button', context: { from: '15550783881', id: 'wamid.out' }, button: { payload: 'CONFIRM', text: 'Yes, confirm' } }));
    expect(event).toMatchObject({ kind: 'postback', payload: 'CONFIRM', text: 'Yes, confirm' });
  });

  it('a location becomes text with a map link', () => {
    const [event] = parse(inbound({ type: 'location', location: { latitude: 40.4168, longitude: -3.7038, name: 'Puerta del Sol', address: 'Madrid' } }));
    expect(event).toMatchObject({ kind: 'message', text: '📍 Puerta del Sol, Madrid (40.4168, -3.7038) https://maps.google.com/?q=40.4168,-3.7038' });
  });

  it('statuses: delivered and read are receipts naming Parley’s id; failed carries Meta’s reason; sent is skipped', () => {
    const statuses = [
      { id: 'wamid.out1', status: 'sent', timestamp: TS, recipient_id: WA_ID, biz_opaque_callback_data: 'msg_01' },
      { id: 'wamid.out1', status: 'delivered', timestamp: TS, recipient_id: WA_ID, biz_opaque_callback_data: 'msg_01', pricing: { billable: false, category: 'service' } },
      { id: 'wamid.out1', status: 'read', timestamp: '1749416390', recipient_id: WA_ID },
      {
        id: 'wamid.out2', status: 'failed', timestamp: TS, recipient_id: WA_ID, biz_opaque_callback_data: 'msg_02',
        errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }],
      },
    ];
    expect(parse(webhook({ statuses }))).toEqual([
      { kind: 'receipt', eventId: 'receipt:wamid.out1:delivered', messageId: 'msg_01', providerMessageId: 'wamid.out1', status: 'delivered', occurredAt: 1749416383000 },
      { kind: 'receipt', eventId: 'receipt:wamid.out1:read', providerMessageId: 'wamid.out1', status: 'read', occurredAt: 1749416390000 },
      {
        kind: 'receipt', eventId: 'receipt:wamid.out2:failed', messageId: 'msg_02', providerMessageId: 'wamid.out2', status: 'failed', occurredAt: 1749416383000,
        reason: 'Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number. (code 131047)',
      },
    ]);
  });

  it('skips reactions, unsupported and system messages, other numbers’ changes and other fields', () => {
    expect(parse(inbound({ type: 'reaction', reaction: { message_id: 'wamid.out1', emoji: '👍' } }))).toEqual([]);
    expect(parse(inbound({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }))).toEqual([]);
    expect(parse(inbound({ type: 'system', system: { body: 'changed number', type: 'user_changed_number' } }))).toEqual([]);
    const otherNumber = webhook({ contacts, messages: [{ from: WA_ID, id: 'wamid.x', timestamp: TS, type: 'text', text: { body: 'hi' } }] });
    (otherNumber.entry[0].changes[0].value as { metadata: { phone_number_id: string } }).metadata.phone_number_id = '999999999';
    expect(parse(otherNumber)).toEqual([]);
    expect(parse(webhook({ event: 'APPROVED', message_template_id: 1, message_template_name: 'order_update', message_template_language: 'en_US' }, 'message_template_status_update'))).toEqual([]);
  });

  it('a malformed message is a 400 with its field path', () => {
    expect(() => parse(inbound({ type: 'text', text: { body: 'hi' }, timestamp: '2026-03-01T12:00:00Z' })))
      .toThrowError(expect.objectContaining({ status: 400, code: 'invalid_payload', errors: [{ path: 'entry.0.changes.0.value.messages.0.timestamp', message: 'timestamp must be Unix seconds' }] }));
    expect(() => parse({ object: 'page', entry: [] })).toThrowError(expect.objectContaining({ status: 400 }));
  });
});
