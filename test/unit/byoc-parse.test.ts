import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../connectors/connector';
import { parseByocRequest } from '../../connectors/byoc/parse';
import { PayloadError } from '../../connectors/byoc/payload-error';
import { ParleyError } from '../../engine/errors';

const T = '2026-03-01T12:00:00.250Z';
const T_MS = Date.parse(T);

const request = (body: unknown): RawRequest => ({
  method: 'POST',
  url: 'http://127.0.0.1/webhooks/ch_test',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

const message = {
  type: 'message',
  externalMessageId: 'wamid.1',
  externalConversationId: 'conv-42',
  sender: { externalId: '+34600000001', name: 'Ana' },
  text: 'My order has not arrived',
  attachments: [{ url: 'https://files.example.com/receipt.pdf', mime: 'application/pdf', name: 'receipt.pdf', size: 2048 }],
  timestamp: T,
};
const postback = {
  type: 'postback',
  externalMessageId: 'pb-7',
  externalConversationId: 'conv-42',
  sender: { externalId: '+34600000001' },
  payload: 'SLOT_2026-03-02T10:00',
  text: 'Monday 10:00',
  timestamp: T_MS,
};
const delivery = { type: 'delivery', messageId: 'msg_01J', status: 'read', timestamp: T };

/** The issues of the PayloadError thrown for `body`. */
function issuesOf(body: unknown) {
  try {
    parseByocRequest(request(body));
  } catch (err) {
    expect(err).toBeInstanceOf(PayloadError);
    return (err as PayloadError).issues;
  }
  throw new Error('expected a PayloadError');
}

describe('BYOC parse: valid events', () => {
  it('maps a message', () => {
    expect(parseByocRequest(request(message))).toEqual([
      {
        kind: 'message',
        eventId: 'byoc:wamid.1',
        providerMessageId: 'wamid.1',
        threadId: 'conv-42',
        sender: { externalId: '+34600000001', name: 'Ana' },
        text: 'My order has not arrived',
        attachments: [{ url: 'https://files.example.com/receipt.pdf', mime: 'application/pdf', name: 'receipt.pdf', size: 2048 }],
        occurredAt: T_MS,
        raw: { ...message, timestamp: T_MS },
      },
    ]);
  });

  it('passes the customer\'s language (sender.language) on, for the contact', () => {
    const [event] = parseByocRequest(request({ ...message, sender: { externalId: '+34600000001', name: 'Ana', language: 'es-ES' } }));
    expect(event).toMatchObject({ kind: 'message', sender: { externalId: '+34600000001', name: 'Ana', language: 'es-ES' } });
  });

  it('accepts a timestamp in milliseconds and an ISO time with an offset', () => {
    const [inMs] = parseByocRequest(request({ ...message, timestamp: T_MS }));
    const [withOffset] = parseByocRequest(request({ ...message, timestamp: '2026-03-01T13:00:00.250+01:00' }));
    expect(inMs).toMatchObject({ occurredAt: T_MS });
    expect(withOffset).toMatchObject({ occurredAt: T_MS });
  });

  it('maps an attachment-only message with empty text', () => {
    const { text: _text, ...attachmentOnly } = message;
    const [event] = parseByocRequest(request(attachmentOnly));
    expect(event).toMatchObject({ kind: 'message', text: '', attachments: [{ mime: 'application/pdf' }] });
  });

  it('maps a postback', () => {
    expect(parseByocRequest(request(postback))).toEqual([
      {
        kind: 'postback',
        eventId: 'byoc:pb-7',
        providerMessageId: 'pb-7',
        threadId: 'conv-42',
        sender: { externalId: '+34600000001' },
        payload: 'SLOT_2026-03-02T10:00',
        text: 'Monday 10:00',
        occurredAt: T_MS,
        raw: postback,
      },
    ]);
  });

  it('uses the payload as the text of a postback without text', () => {
    const { text: _text, ...bare } = postback;
    expect(parseByocRequest(request(bare))[0]).toMatchObject({ kind: 'postback', text: 'SLOT_2026-03-02T10:00' });
  });

  it('maps a delivery callback carrying Parley\'s message id', () => {
    expect(parseByocRequest(request(delivery))).toEqual([
      { kind: 'receipt', eventId: 'byoc:receipt:msg:msg_01J:read', messageId: 'msg_01J', providerMessageId: undefined, status: 'read', reason: undefined, occurredAt: T_MS },
    ]);
  });

  it('maps a failed delivery callback carrying the middleware\'s id and a reason', () => {
    const failed = { type: 'delivery', externalMessageId: 'ext-9', status: 'failed', reason: 'recipient blocked the number', timestamp: T_MS };
    expect(parseByocRequest(request(failed))[0]).toEqual({
      kind: 'receipt', eventId: 'byoc:receipt:ext:ext-9:failed', messageId: undefined, providerMessageId: 'ext-9',
      status: 'failed', reason: 'recipient blocked the number', occurredAt: T_MS,
    });
  });

  it('gives each status of one message its own event id, and a repeated status the same one', () => {
    const ids = ['delivered', 'read', 'read'].map((status) => parseByocRequest(request({ ...delivery, status }))[0].eventId);
    expect(ids).toEqual(['byoc:receipt:msg:msg_01J:delivered', 'byoc:receipt:msg:msg_01J:read', 'byoc:receipt:msg:msg_01J:read']);
  });

  it('maps a batch in order', () => {
    const events = parseByocRequest(request({ events: [message, postback, delivery] }));
    expect(events.map((e) => [e.kind, e.eventId])).toEqual([
      ['message', 'byoc:wamid.1'],
      ['postback', 'byoc:pb-7'],
      ['receipt', 'byoc:receipt:msg:msg_01J:read'],
    ]);
  });

  it('derives the same event id from a redelivered message', () => {
    const first = parseByocRequest(request(message))[0];
    const again = parseByocRequest(request({ ...message, text: 'My order has not arrived' }))[0];
    expect(again.eventId).toBe(first.eventId);
  });
});

describe('BYOC parse: invalid bodies', () => {
  it('throws a 400 ParleyError for a body that is not JSON', () => {
    let thrown: unknown;
    try {
      parseByocRequest(request('{"type":"message",'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ParleyError);
    expect(thrown).toMatchObject({ status: 400, code: 'invalid_payload', message: 'The request body is not valid JSON.' });
    expect((thrown as PayloadError).issues).toEqual([{ path: '(body)', message: expect.any(String) }]);
  });

  it('lists every missing or wrong field with its path', () => {
    const issues = issuesOf({ type: 'message', externalMessageId: 'm', sender: { name: 'Ana' }, text: 'hi', timestamp: T });
    expect(issues).toEqual([
      { path: 'externalConversationId', message: 'externalConversationId is required' },
      { path: 'sender.externalId', message: 'sender.externalId is required' },
    ]);
  });

  it('rejects a missing sender with the expected shape', () => {
    const { sender: _sender, ...anonymous } = message;
    expect(issuesOf(anonymous)).toEqual([{ path: 'sender', message: 'sender must be an object like {"externalId": "...", "name": "..."}' }]);
  });

  it('rejects a sender.language that is not a language tag', () => {
    expect(issuesOf({ ...message, sender: { externalId: '+34600000001', language: 'Spanish please' } })).toEqual([
      { path: 'sender.language', message: 'sender.language must be a BCP 47 language tag such as "es" or "pt-BR"' },
    ]);
  });

  it('rejects an unknown event type at "type"', () => {
    expect(issuesOf({ ...message, type: 'typing' })).toEqual([{ path: 'type', message: 'type must be "message", "postback" or "delivery"' }]);
  });

  it('rejects a message with neither text nor attachments', () => {
    const { attachments: _a, ...textOnly } = message;
    expect(issuesOf({ ...textOnly, text: '  ' })).toEqual([{ path: 'text', message: 'a message needs non-empty text or at least one attachment' }]);
  });

  it('rejects an id that is not a string', () => {
    expect(issuesOf({ ...message, externalMessageId: 42 })).toEqual([{ path: 'externalMessageId', message: 'externalMessageId must be a string' }]);
  });

  it('rejects an empty id', () => {
    expect(issuesOf({ ...message, externalMessageId: ' ' })).toEqual([{ path: 'externalMessageId', message: 'externalMessageId must not be empty' }]);
  });

  it('rejects a timestamp in seconds with a hint', () => {
    expect(issuesOf({ ...message, timestamp: Math.floor(T_MS / 1000) })).toEqual([
      { path: 'timestamp', message: 'timestamp must be whole milliseconds since epoch (this looks like seconds)' },
    ]);
  });

  it('rejects a timestamp string that is not ISO 8601 with a zone', () => {
    expect(issuesOf({ ...message, timestamp: '01/03/2026 12:00' })[0].path).toBe('timestamp');
    expect(issuesOf({ ...message, timestamp: '2026-03-01T12:00:00' })[0].path).toBe('timestamp');
  });

  it('rejects a bad attachment with its index in the path', () => {
    const issues = issuesOf({ ...message, attachments: [message.attachments[0], { url: 'file:///etc/passwd', mime: 'pdf' }] });
    expect(issues).toEqual([
      { path: 'attachments.1.url', message: 'url must be an http(s) URL' },
      { path: 'attachments.1.mime', message: 'mime must be a MIME type such as "image/png"' },
    ]);
  });

  it('rejects a delivery callback without any message id', () => {
    expect(issuesOf({ type: 'delivery', status: 'delivered', timestamp: T })).toEqual([
      { path: 'messageId', message: 'a delivery event needs messageId or externalMessageId' },
    ]);
  });

  it('rejects an unknown delivery status', () => {
    expect(issuesOf({ ...delivery, status: 'sent' })).toEqual([{ path: 'status', message: 'status must be "delivered", "read" or "failed"' }]);
  });

  it('points into the batch at the offending event', () => {
    const issues = issuesOf({ events: [message, { ...postback, sender: {} }, { ...delivery, timestamp: 'yesterday' }] });
    expect(issues.map((i) => i.path)).toEqual(['events.1.sender.externalId', 'events.2.timestamp']);
  });

  it('rejects an empty batch and an oversized one', () => {
    expect(issuesOf({ events: [] })).toEqual([{ path: 'events', message: 'events must hold at least one event' }]);
    expect(issuesOf({ events: Array.from({ length: 101 }, () => message) })[0]).toEqual({
      path: 'events', message: 'events may hold at most 100 events; split larger batches',
    });
  });

  it('rejects a JSON array or scalar body', () => {
    const notAnObject = [{ path: '(body)', message: 'the body must be a JSON object: one event, or {"events": [...]}' }];
    expect(issuesOf([message])).toEqual(notAnObject);
    expect(issuesOf('"hello"')).toEqual(notAnObject);
    expect(issuesOf('null')).toEqual(notAnObject);
  });
});
