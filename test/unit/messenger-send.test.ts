// Messenger outbound against a local stand-in of the Graph API: the exact Send API request (path,
// token, messaging_type, HUMAN_AGENT tag, quick replies, attachments) and how Meta's failures are
// classified (rate limits and 5xx transient, the rest permanent with Meta's own message).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type ConnectorDeps, type OutboundMessage } from '../../connectors/connector';
import { messengerConnector, type MessengerConfig } from '../../connectors/messenger';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';

const TOKEN = 'EAAG-page-token-0123456789';
const PSID = '6543219876543210';
const OTHER_PAGE_TOKEN = 'EAAG-other-page-token-00000';
let graph: MetaGraphApi;
let channel: ChannelContext<MessengerConfig>;
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

beforeAll(async () => {
  graph = await startMetaGraphApi({ tokens: [TOKEN, OTHER_PAGE_TOKEN], tokenOwners: { [TOKEN]: { id: '106540352242922', name: 'Acme Shoes' }, [OTHER_PAGE_TOKEN]: { id: '222222222222', name: 'Other Page' } } });
  channel = {
    id: 'ch_fb', accountId: 'acc_1',
    config: messengerConnector.configSchema.parse({
      pageId: '106540352242922', pageAccessToken: TOKEN, appSecret: 'app-secret', verifyToken: 'verify-me-please', graphApiBaseUrl: graph.url, timeoutMs: 500,
    }) as MessengerConfig,
  };
});
afterAll(() => graph?.close());
let before = 0;
beforeEach(() => { before = graph.received.length; });

const outbound = (content: unknown, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'msg_01JQ7Z3W4Y', caseId: 'case_1', threadId: PSID, recipient: { externalId: PSID }, content, text: 'fallback', attachments: [], ...extra,
});
const send = (message: OutboundMessage, ctx = channel) => messengerConnector.send(message, ctx, deps);
const sendError = async (message: OutboundMessage, ctx = channel) => {
  const err = await send(message, ctx).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError & { retryAfterMs?: number };
};
const newRequests = () => graph.received.slice(before);

describe('Messenger send', () => {
  it('a text reply: POST /v25.0/me/messages with the Page token as Bearer and messaging_type RESPONSE', async () => {
    const result = await send(outbound({ content: { type: 'text', text: 'Your parcel ships today.', format: 'plain' } }));
    const [request] = newRequests();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v25.0/me/messages');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.query).toEqual({});
    expect(request.body).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Your parcel ships today.' } });
    expect(result.providerMessageId).toMatch(/^m_/);
  });

  it('after 24 h a person’s reply carries the stored messagingTag as MESSAGE_TAG + HUMAN_AGENT', async () => {
    await send(outbound({ content: { type: 'text', text: 'Sorry for the wait!', format: 'plain' }, messagingTag: 'HUMAN_AGENT' }));
    expect(newRequests()[0].body).toEqual({ recipient: { id: PSID }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Sorry for the wait!' } });
  });

  it('quick replies as the renderer builds them; the reply API’s attachments follow as attachment messages', async () => {
    const result = await send(outbound(
      { content: { type: 'quickReplies', text: 'When should we call you?', replies: [{ id: 'AM', title: 'Morning', payload: 'morning' }, { id: 'PM', title: 'Afternoon', payload: 'afternoon' }] } },
      { attachments: [{ url: 'https://files.example.com/slots.pdf', mime: 'application/pdf', name: 'slots.pdf' }] },
    ));
    const bodies = newRequests().map((r) => r.body);
    // Quick replies vanish once another message follows, so the renderer carries them to the last part.
    const quickReplies = [{ content_type: 'text', title: 'Morning', payload: 'AM' }, { content_type: 'text', title: 'Afternoon', payload: 'PM' }];
    expect(bodies).toEqual([
      { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'When should we call you?' } },
      {
        recipient: { id: PSID }, messaging_type: 'RESPONSE',
        message: { attachment: { type: 'file', payload: { url: 'https://files.example.com/slots.pdf', is_reusable: true } }, quick_replies: quickReplies },
      },
    ]);
    // The last part's mid identifies the message (delivery receipts name it).
    const sends = graph.sends();
    expect(sends.at(-1)!.body.message.attachment).toBeDefined();
    expect(result.providerMessageId).toBe(`m_${String(sends.length).padStart(6, '0')}`);
  });

  it('an attachment-only reply (blank text) sends just the attachment', async () => {
    await send(outbound({ content: { type: 'text', text: ' ', format: 'plain' } }, { text: '', attachments: [{ url: 'https://files.example.com/a.png', mime: 'image/png' }] }));
    expect(newRequests().map((r) => r.body.message)).toEqual([{ attachment: { type: 'image', payload: { url: 'https://files.example.com/a.png', is_reusable: true } } }]);
  });

  it('nothing to send is a permanent failure', async () => {
    const err = await sendError(outbound({ content: { type: 'text', text: ' ', format: 'plain' } }, { text: '' }));
    expect(err.transient).toBe(false);
    expect(newRequests()).toHaveLength(0);
  });
});

describe('Messenger send errors', () => {
  it('an invalid token (code 190) is permanent, with Meta’s message', async () => {
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }), { ...channel, config: { ...channel.config, pageAccessToken: 'EAAG-revoked-token-000000' } });
    expect(err.transient).toBe(false);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^Meta Graph API answered 401 \(code 190\): Invalid OAuth access token - Cannot parse access token/);
  });

  it('a message outside the allowed window (code 10, subcode 2018278) is permanent', async () => {
    graph.failNext({ status: 400, json: { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278, fbtrace_id: 'x' } } });
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(err.transient).toBe(false);
    expect(err.message).toContain('(code 10, subcode 2018278): (#10) This message is sent outside of allowed window.');
  });

  it.each([
    [4, 'Application request limit reached'],
    [17, 'User request limit reached'],
    [32, 'Page request limit reached'],
    [613, 'Calls to this api have exceeded the rate limit.'],
  ])('rate limit code %i is transient', async (code, message) => {
    graph.failNext({ status: 400, json: { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, fbtrace_id: 'x' } } });
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(err.transient).toBe(true);
    expect(err.message).toContain(message);
  });

  it('HTTP 429 with Retry-After is transient and says how long to wait', async () => {
    graph.failNext({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Too many calls', type: 'OAuthException', code: 80006, fbtrace_id: 'x' } } });
    const err = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(err.transient).toBe(true);
    expect(err.retryAfterMs).toBe(7000);
    expect(err.message).toMatch(/Too many calls.*Retry-After: 7 s/);
  });

  it('a 5xx is transient; an invalid parameter (code 100) is permanent', async () => {
    graph.failNext({ status: 500, json: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, fbtrace_id: 'x' } } });
    expect((await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }))).transient).toBe(true);
    graph.failNext({ status: 400, json: { error: { message: '(#100) The parameter recipient is required', type: 'OAuthException', code: 100, fbtrace_id: 'x' } } });
    expect((await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }))).transient).toBe(false);
  });

  it('no answer within timeoutMs, and a closed port, are transient', async () => {
    graph.failNext({ delayMs: 2000, json: { recipient_id: PSID, message_id: 'm_late' } });
    const slow = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }));
    expect(slow.transient).toBe(true);
    expect(slow.message).toMatch(/did not answer within 500 ms/);
    const closed = await sendError(outbound({ content: { type: 'text', text: 'hi', format: 'plain' } }), { ...channel, config: { ...channel.config, graphApiBaseUrl: 'http://127.0.0.1:9' } });
    expect(closed.transient).toBe(true);
    expect(closed.message).toMatch(/unreachable/);
  });
});

describe('Messenger set-up', () => {
  const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_01JQ', reason: 'create' as const };

  it('GET /me with the Page token must name the channel’s Page; its name is kept', async () => {
    const result = await messengerConnector.setup!(channel, context, deps);
    // Parley also subscribed the Page to the app (no appId here: the app's callback stays a next step).
    expect(result).toEqual({ config: { pageName: 'Acme Shoes', webhookSubscribed: true, appCallbackSet: false, webhookSetupProblem: undefined } });
    const [request] = newRequests();
    expect(request.path).toBe('/v25.0/me');
    expect(request.query).toEqual({ fields: 'id,name' });
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a token of another Page, and a token Meta rejects, quoting Meta', async () => {
    await expect(messengerConnector.setup!({ ...channel, config: { ...channel.config, pageAccessToken: OTHER_PAGE_TOKEN } }, context, deps))
      .rejects.toThrow(new SetupError('the pageAccessToken belongs to "Other Page" (id 222222222222), not to the Page 106540352242922: use a Page access token of that Page.'));
    const refused = await messengerConnector.setup!({ ...channel, config: { ...channel.config, pageAccessToken: 'EAAG-expired-token-0000000' } }, context, deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SetupError);
    expect((refused as Error).message).toMatch(/^the pageAccessToken was not accepted: Meta Graph API answered 401 \(code 190\): Invalid OAuth access token - Cannot parse access token \(GET \/me\)$/);
  });

  it('next steps: the exact callback URL and verify token, the webhook fields, human agent access', () => {
    const steps = messengerConnector.nextSteps!({ ...channel.config, pageName: 'Acme Shoes' }, { webhookUrl: context.webhookUrl });
    expect(steps.map((s) => s.value)).toEqual([context.webhookUrl, 'verify-me-please', 'messages,messaging_postbacks,message_deliveries,message_reads', undefined]);
    expect(steps[0].text).toMatch(/Messenger → Settings → Webhooks/);
    expect(steps[2].text).toContain('"Acme Shoes"');
  });
});
