// Microsoft Teams and WeChat Official Account end to end on a real Temporal dev server, SQLite file
// and HTTP, against local stand-ins of the providers. Teams: connecting checks the app id and
// secret; an activity signed with the stand-in's Bot Framework key opens a case (forged, expired
// or misdirected tokens write nothing); the agent's reply goes to the activity's serviceUrl with a
// client-credentials token; a card answer is recorded; Teams' refusals show on the message.
// WeChat: the echostr handshake; a signed XML message opens a case and is answered "success"; the
// reply goes through the customer-service API with an access token; a msgmenu tap is recorded.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTeamsApi, type TeamsApi } from '../fakes/teams-api';
import { startWeChatApi, wechatError, type WeChatApi } from '../fakes/wechat-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const PUBLIC_URL = 'https://parley.acme.test';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
});
afterAll(async () => { await h?.stop(); });

const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
const reply = async (caseId: string, json: unknown) => {
  const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
  expect(res.status).toBe(202);
  return (await res.json()).id as string;
};
const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);
const rowCount = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) n').get() as { n: number }).n;
const channelsOfType = async (type: string) => ((await (await h.api('/api/v1/channels')).json()).items as { type: string }[]).filter((c) => c.type === type);

describe('Microsoft Teams channel through the case workflow', () => {
  const APP_ID = randomUUID();
  const PASSWORD = 'teams~integration~secret';
  let teams: TeamsApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string; value?: string }[] };
  let activitySeq = 1_700_000_000_000;

  beforeAll(async () => { teams = await startTeamsApi({ appId: APP_ID, appPassword: PASSWORD }); });
  afterAll(async () => { await teams?.close(); });

  const config = (over: Record<string, unknown> = {}) => ({ appId: APP_ID, appPassword: PASSWORD, tokenUrl: teams.tokenUrl, openIdMetadataUrl: teams.openIdMetadataUrl, ...over });
  const user = (n: number) => ({ id: `29:user-${n}`, name: 'Megan Bowen', aadObjectId: `aad-${n}` });
  const activity = (n: number, over: Record<string, unknown> = {}) => ({
    type: 'message', id: String(++activitySeq), timestamp: new Date().toISOString(), serviceUrl: teams.serviceUrl, channelId: 'msteams',
    from: user(n), conversation: { id: `a:conversation-${n}`, conversationType: 'personal', tenantId: 'tenant-1' }, recipient: { id: `28:${APP_ID}`, name: 'Acme' },
    text: 'Hola, mi pedido no llega', textFormat: 'plain', locale: 'es-ES', ...over,
  });
  const post = async (body: unknown, token?: string) => fetch(`${h.parley.url}/webhooks/${channel.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? await teams.signToken(teams.serviceUrl)}` },
    body: JSON.stringify(body),
  });

  it('refuses an app secret the token endpoint rejects, creating nothing', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'teams', name: 'Acme Teams', config: config({ appPassword: 'wrong' }) } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'channel_setup_failed', detail: expect.stringMatching(/the app id and password were not accepted: The Microsoft token endpoint answered 401 invalid_client: AADSTS7000215/) });
    expect(await channelsOfType('teams')).toHaveLength(0);
  });

  it('connecting checks the credentials and says where to paste the messaging endpoint', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'teams', name: 'Acme Teams', config: config() } });
    expect(res.status).toBe(201);
    channel = await res.json();
    expect(channel.webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${channel.id}`);
    expect(channel.nextSteps[0]).toMatchObject({ text: expect.stringMatching(/Messaging endpoint/), value: channel.webhookUrl });
    expect(JSON.stringify(channel)).not.toContain(PASSWORD);
  });

  it('inbound activity → case → agent reply with buttons → Adaptive Card at the serviceUrl → card answer recorded', async () => {
    const res = await post(activity(1));
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const theCase = await getCase(caseId);
    expect(theCase.messages[0]).toMatchObject({ direction: 'in', text: 'Hola, mi pedido no llega' });
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const before = teams.callsOf('activity').length;
    const id = await reply(caseId, { content: { type: 'buttons', text: '¿Sobre qué es?', buttons: [
      { id: 'billing', title: 'Factura', action: { type: 'postback', payload: 'BILLING' } },
      { id: 'delivery', title: 'Entrega', action: { type: 'postback', payload: 'DELIVERY' } },
    ] } });
    const [call] = (await teams.waitForCalls('activity', before + 1)).slice(before);
    expect(call.conversationId).toBe('a:conversation-1');
    expect(call.headers.authorization).toBe(`Bearer ${teams.issuedTokens.at(-1)}`);
    expect(call.body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {
      type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '¿Sobre qué es?', wrap: true }],
      actions: [{ type: 'Action.Submit', title: 'Factura', data: { parleyOption: 'billing' } }, { type: 'Action.Submit', title: 'Entrega', data: { parleyOption: 'delivery' } }],
    } }] });
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^1:/);

    // The customer presses "Entrega": Teams posts a message activity with the Action.Submit data as value.
    const tap = await post(activity(1, { text: undefined, value: { parleyOption: 'delivery' }, replyToId: sent.providerMessageId }));
    expect(tap.status).toBe(200);
    const answer = (await getCase(caseId)).messages.at(-1);
    expect(answer).toMatchObject({ direction: 'in', content: { postback: { payload: 'delivery' }, answer: { messageId: id, optionId: 'delivery', payload: 'DELIVERY' } } });

    // Teams' read receipt names the last message the customer read: the card shows read.
    const receipt = { ...activity(1), type: 'event', name: 'application/vnd.microsoft.readReceipt', text: undefined, value: { lastReadMessageId: sent.providerMessageId } };
    expect((await post(receipt)).status).toBe(200);
    expect((await messageOf(caseId, id)).deliveryStatus).toBe('read');
    // Sent again, it is a duplicate.
    expect(await (await post({ ...receipt, id: String(++activitySeq) })).json()).toMatchObject({ duplicates: 1 });
  });

  it('a redelivered activity is stored once; forged, expired and misdirected tokens write nothing', async () => {
    const body = activity(2);
    const first = await (await post(body)).json();
    expect(await (await post(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getCase(first.caseIds[0])).messages).toHaveLength(1);

    const before = rowCount();
    const expired = await post(activity(2), await teams.signToken(teams.serviceUrl, { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 }));
    expect(expired.status).toBe(401);
    expect((await expired.json()).detail).toMatch(/^Webhook refused: the token expired at/);
    const otherBot = await post(activity(2), await teams.signToken(teams.serviceUrl, { claims: { aud: randomUUID() } }));
    expect((await otherBot.json()).detail).toMatch(/^Webhook refused: wrong audience/);
    const redirected = await post(activity(2, { serviceUrl: 'https://smba.attacker.example/' }));
    expect(redirected.status).toBe(401);
    expect((await redirected.json()).detail).toMatch(/^Webhook refused: serviceUrl mismatch/);
    const unsigned = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(2)) });
    expect((await unsigned.json()).detail).toBe('Webhook refused: missing Authorization header: Bot Framework sends "Bearer <JWT>"');
    expect(rowCount()).toBe(before);
  });

  it('Teams\' refusals show on the message: throttling is retried as asked, a removed bot fails at once', async () => {
    const { caseIds: [caseId] } = await (await post(activity(3))).json();
    await eventually(async () => (await getCase(caseId)).lastInboundAt);
    const before = teams.callsOf('activity').length;
    teams.answerNext('activity', { status: 429, headers: { 'retry-after': '2' }, json: { error: { code: 'Throttled', message: 'Too many requests' } } });
    const id = await reply(caseId, { text: 'Lo reviso ahora mismo.' });
    const waiting = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryError ? m : null; });
    expect(waiting.deliveryError).toMatch(/^Temporary failure \(retrying in 2 s as the provider asked\): Teams answered 429 Throttled: Too many requests/);
    const [first, second] = (await teams.waitForCalls('activity', before + 2, 20_000)).slice(before);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
    expect(second.body).toEqual({ type: 'message', text: 'Lo reviso ahora mismo.', textFormat: 'plain' });
    await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });

    teams.answerNext('activity', { status: 403, json: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    const gone = await reply(caseId, { text: '¿Sigues ahí?' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, gone); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe('Teams answered 403 BotNotInConversationRoster: The bot is not part of the conversation roster.');
  });
});

describe('WeChat Official Account channel through the case workflow', () => {
  const APP_ID = 'wxfedcba9876543210';
  const SECRET = 'abcdef0123456789abcdef0123456789';
  let wx: WeChatApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string; value?: string }[]; generatedSecrets: { token: string } };
  let msgId = 6_000_000_000_000_000;

  beforeAll(async () => { wx = await startWeChatApi({ appId: APP_ID, appSecret: SECRET }); });
  afterAll(async () => { await wx?.close(); });

  // WeChat's signature, computed here: sha1 of the sorted Token, timestamp and nonce.
  const query = (token = channel.generatedSecrets.token, extra: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
    return new URLSearchParams({ signature, timestamp, nonce, ...extra }).toString();
  };
  const post = (xml: string, token?: string) => fetch(`${h.parley.url}/webhooks/${channel.id}?${query(token, { openid: 'x' })}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  const textXml = (openId: string, content: string, extra = '', id = String(++msgId)) =>
    `<xml><ToUserName><![CDATA[gh_acme]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${id}</MsgId>${extra}</xml>`;
  const customerWrites = async (openId: string, content: string) => {
    const res = await post(textXml(openId, content));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    const row = h.parley.db.$client.prepare("select id from cases where channel_id = ? and thread_id = ? and status != 'closed' order by id desc limit 1").get(channel.id, openId) as { id: string };
    return row.id;
  };

  it('refuses an AppSecret WeChat rejects, creating nothing', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'wechat', name: 'Acme 公众号', config: { appId: APP_ID, appSecret: 'ffffffffffffffffffffffffffffffff', apiBaseUrl: wx.url } } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'channel_setup_failed', detail: expect.stringMatching(/the AppID and AppSecret were not accepted: WeChat token failed with errcode 40125: invalid appsecret/) });
    expect(await channelsOfType('wechat')).toHaveLength(0);
  });

  it('connecting checks the credentials, generates the Token, and WeChat\'s URL check is answered', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'wechat', name: 'Acme 公众号', config: { appId: APP_ID, appSecret: SECRET, apiBaseUrl: wx.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
    expect(channel.generatedSecrets.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(channel.nextSteps[0]).toMatchObject({ value: channel.webhookUrl });

    const ok = await fetch(`${h.parley.url}/webhooks/${channel.id}?${query(undefined, { echostr: '5837397749616189562' })}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('5837397749616189562');
    const wrong = await fetch(`${h.parley.url}/webhooks/${channel.id}?${query('notTheToken', { echostr: '1' })}`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/^WeChat URL verification refused: signature mismatch/);
  });

  it('signed message → case → agent reply with quick replies → msgmenu at the API → tap recorded as the answer', async () => {
    const caseId = await customerWrites('oOpenId_1', '你好，我的订单在哪里？');
    expect((await getCase(caseId)).messages[0]).toMatchObject({ direction: 'in', text: '你好，我的订单在哪里？' });
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const before = wx.callsOf('send').length;
    const id = await reply(caseId, { content: { type: 'quickReplies', text: '¿Sobre qué es?', replies: [{ id: 'billing', title: 'Factura', payload: 'BILLING' }, { id: 'delivery', title: 'Entrega', payload: 'DELIVERY' }] } });
    const [call] = (await wx.waitForCalls('send', before + 1)).slice(before);
    expect(call.query.access_token).toBe(wx.issuedTokens.at(-1));
    expect(call.body).toEqual({ touser: 'oOpenId_1', msgtype: 'msgmenu', msgmenu: { head_content: '¿Sobre qué es?', list: [{ id: '1', content: 'Factura' }, { id: '2', content: 'Entrega' }], tail_content: '' } });
    await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });

    // The customer taps "Entrega": WeChat posts a text message carrying the menu id.
    const tap = await post(textXml('oOpenId_1', 'Entrega', '<bizmsgmenuid>2</bizmsgmenuid>'));
    expect(await tap.text()).toBe('success');
    const answer = (await getCase(caseId)).messages.at(-1);
    expect(answer).toMatchObject({ direction: 'in', text: 'Entrega', content: { answer: { messageId: id, optionId: 'delivery', payload: 'DELIVERY' } } });
  });

  it('a retried message (same MsgId) is stored once; a wrong signature or safe mode writes nothing; events are skipped', async () => {
    const xml = textXml('oOpenId_2', 'hola', '', '6999999999999999001');
    await post(xml);
    const caseId = (h.parley.db.$client.prepare('select id from cases where channel_id = ? and thread_id = ?').get(channel.id, 'oOpenId_2') as { id: string }).id;
    expect((await post(xml)).status).toBe(200);
    expect((await getCase(caseId)).messages).toHaveLength(1);

    const before = rowCount();
    const forged = await post(textXml('oOpenId_2', 'forged'), 'notTheToken');
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const encrypted = await fetch(`${h.parley.url}/webhooks/${channel.id}?${query(undefined, { encrypt_type: 'aes', msg_signature: 'x' })}`, { method: 'POST', body: '<xml><ToUserName><![CDATA[gh_acme]]></ToUserName><Encrypt><![CDATA[abc]]></Encrypt></xml>' });
    expect((await encrypted.json()).detail).toMatch(/^Webhook refused: the message is encrypted \(safe mode/);
    const subscribe = await post(`<xml><ToUserName><![CDATA[gh_acme]]></ToUserName><FromUserName><![CDATA[oOpenId_3]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`);
    expect(await subscribe.text()).toBe('success');
    expect(rowCount()).toBe(before);
  });

  it('WeChat\'s errcodes show on the message: an expired token is renewed, 45015 fails with the 48 h reason', async () => {
    const caseId = await customerWrites('oOpenId_4', 'hello');
    await eventually(async () => (await getCase(caseId)).lastInboundAt);
    wx.expireTokens();
    const tokens = wx.callsOf('token').length;
    const id = await reply(caseId, { text: 'Thanks, checking now.' });
    await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(wx.callsOf('token').length).toBe(tokens + 1);

    wx.answerNext('send', wechatError(45015, 'response out of time limit or subscription is canceled'));
    const late = await reply(caseId, { text: 'Are you still there?' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, late); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toMatch(/^WeChat message\/custom\/send failed with errcode 45015: response out of time limit .*\(the customer has not written in the last 48 hours/);
  });
});
