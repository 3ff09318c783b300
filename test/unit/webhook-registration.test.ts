// Webhook registration by API, unit level: X refuses webhook URLs that are not https or carry a port,
// so with such a PARLEY_PUBLIC_URL Parley makes no registration call and the next steps say why; the X
// next steps follow the X Activity API subscription (created → said so; refused → the step + X's reason); the
// Meta next steps read what Parley registered (done → said so; refused → the manual steps + Meta's reason).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDeps } from '../../connectors/connector';
import { messengerConnector } from '../../connectors/messenger';
import { whatsappConnector } from '../../connectors/whatsapp';
import { xDmConfigSchema } from '../../connectors/x-dm/config';
import { xDmConnector } from '../../connectors/x-dm';
import { xWebhookUrlProblem } from '../../connectors/x-dm/webhook-registration';
import { startXApi, type XAnswer, type XApi } from '../fakes/x-api';

const X_CREDS = { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'consumer-secret-for-the-x-app-0123456789', accessToken: '1111111111111111111-AbCdEfGhIjKlMnOp', accessTokenSecret: 'access-token-secret-0123456789abcdef' };
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

describe('X webhook registration needs an https URL without a port', () => {
  let x: XApi;
  beforeAll(async () => { x = await startXApi({ creds: X_CREDS, me: { id: '1111111111111111111', username: 'cafearoma' } }); });
  afterAll(async () => { await x?.close(); });

  it('names the problem of each URL X would refuse', () => {
    expect(xWebhookUrlProblem('https://parley.acme.test/webhooks/ch_1')).toBeNull();
    expect(xWebhookUrlProblem('http://parley.acme.test/webhooks/ch_1')).toMatch(/only accepts https .* is http:\/\/parley\.acme\.test/);
    expect(xWebhookUrlProblem('https://parley.acme.test:8443/webhooks/ch_1')).toMatch(/port 8443/);
  });

  it('with an http public URL: only the credentials check reaches X, and the manual steps say why', async () => {
    const channel = { id: 'ch_x', accountId: 'acc', config: xDmConfigSchema.parse({ ...X_CREDS, apiBaseUrl: x.url }) };
    const webhookUrl = 'http://127.0.0.1:8080/webhooks/ch_x';
    const result = await xDmConnector.setup!(channel, { webhookUrl, reason: 'create' }, deps);
    expect(x.registration.calls).toEqual([]);
    expect(result?.config).toMatchObject({ userId: '1111111111111111111', dmSubscribed: false, webhookSetupProblem: expect.stringMatching(/only accepts https/) });
    const steps = xDmConnector.nextSteps!({ ...channel.config, ...result!.config }, { webhookUrl });
    expect(steps[0]).toMatchObject({ value: webhookUrl, text: expect.stringMatching(/Register this webhook URL with X/) });
    expect(steps.at(-1)!.text).toMatch(/Parley could not register the webhook itself.*only accepts https/);
  });
});

describe('X: the X Activity API subscription follows the webhook registration', () => {
  const ME = '1111111111111111111';
  const webhookUrl = 'https://parley.acme.test/webhooks/ch_x';
  const refusals: (XAnswer | undefined)[] = [];
  let x: XApi;
  let crc: Server;
  beforeAll(async () => {
    // Parley's CRC answer, as X requires it, at the address the stand-in reaches for webhookUrl.
    crc = createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://local').searchParams.get('crc_token') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ response_token: `sha256=${createHmac('sha256', X_CREDS.consumerSecret).update(token).digest('base64')}` }));
    });
    await new Promise<void>((resolve) => crc.listen(0, '127.0.0.1', resolve));
    const crcUrl = `http://127.0.0.1:${(crc.address() as AddressInfo).port}/webhooks/ch_x`;
    x = await startXApi({ creds: X_CREDS, me: { id: ME, username: 'cafearoma' }, registration: { resolveWebhook: () => crcUrl, refuseActivity: () => refusals.shift() } });
  });
  afterAll(async () => { await x?.close(); crc?.close(); });
  const setup = (config: Record<string, unknown>) => {
    const channel = { id: 'ch_x', accountId: 'acc', config: xDmConfigSchema.parse({ ...X_CREDS, apiBaseUrl: x.url, ...config }) };
    return xDmConnector.setup!(channel, { webhookUrl, reason: 'create' }, deps).then((r) => ({ ...channel.config, ...r!.config }));
  };

  it('subscribes the account to dm.received and dm.read (one subscription each) in its OAuth 1.0a context, and reuses them on the next set-up', async () => {
    const config = await setup({});
    const calls = x.registration.calls.splice(0);
    expect(calls.map((c) => [c.step, c.auth, c.status])).toEqual([['token', 'Basic', 200], ['webhook', 'Bearer', 200], ['subscription', 'OAuth', 200], ['activity', 'OAuth', 200], ['activity', 'OAuth', 200]]);
    expect(calls[3].body).toEqual({ event_type: 'dm.received', filter: { user_id: ME }, webhook_id: calls[1].webhookId, tag: 'parley-dm' });
    expect(calls[4].body).toEqual({ event_type: 'dm.read', filter: { user_id: ME }, webhook_id: calls[1].webhookId, tag: 'parley-dm-read' });
    expect(config).toMatchObject({ webhookId: calls[1].webhookId, dmSubscribed: true, activitySubscriptionId: expect.stringMatching(/^\d+$/), readReceiptSubscriptionId: expect.stringMatching(/^\d+$/) });
    expect(config.readReceiptSubscriptionId).not.toBe(config.activitySubscriptionId);
    expect(config.webhookSetupProblem).toBeUndefined();

    // Set-up again (a config change), with the Account Activity API now refusing: the webhook and the X
    // Activity API subscription are reused, and nothing is left to do by hand.
    x.registration.failNext({ status: 403, json: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'The Account Activity API has ended.' } });
    const again = await setup(config);
    expect(x.registration.calls.splice(0).map((c) => [c.step, c.status])).toEqual([['subscription', 403]]);
    expect(again).toMatchObject({ webhookId: config.webhookId, dmSubscribed: false, activitySubscriptionId: config.activitySubscriptionId, readReceiptSubscriptionId: config.readReceiptSubscriptionId });
    expect(again.webhookSetupProblem).toBeUndefined();
    expect(xDmConnector.nextSteps!(again, { webhookUrl }).map((s) => s.text).join('\n')).not.toMatch(/^Subscribe|could not/m);
  });

  it('a refused X Activity API subscription keeps the manual step with X\'s reason', async () => {
    const forbidden = { status: 403, json: { title: 'Client Forbidden', type: 'https://api.x.com/2/problems/client-forbidden', status: 403, detail: 'This App does not have access to the X Activity API.' } };
    refusals.push(forbidden, forbidden);
    const config = await setup({});
    expect(x.registration.calls.splice(0).map((c) => [c.step, c.status])).toEqual([['token', 200], ['webhook', 200], ['subscription', 200], ['activity', 403], ['activity', 403]]);
    expect(config).toMatchObject({ dmSubscribed: true, webhookSetupProblem: 'X answered 403 to POST /2/activity/subscriptions (dm.received): This App does not have access to the X Activity API. X answered 403 to POST /2/activity/subscriptions (dm.read): This App does not have access to the X Activity API.' });
    expect(config.activitySubscriptionId).toBeUndefined();
    const text = xDmConnector.nextSteps!(config, { webhookUrl }).map((s) => s.text).join('\n');
    expect(text).toMatch(/Subscribe @cafearoma to direct messages in the X Activity API: event "dm.received".*and the same for "dm.read" \(read receipts\)/);
    expect(text).toMatch(/Parley could not subscribe the account itself.*403 to POST \/2\/activity\/subscriptions \(dm.received\): This App does not have access/);
  });

  it('only dm.read refused: DMs flow through X Activity API, the read-receipt subscription is the one step left, and the next set-up makes just that one', async () => {
    refusals.push(undefined, { status: 403, json: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'dm.read is not enabled for this App.' } });
    const config = await setup({});
    expect(x.registration.calls.splice(0).map((c) => [c.step, c.status])).toEqual([['token', 200], ['webhook', 200], ['subscription', 200], ['activity', 200], ['activity', 403]]);
    expect(config).toMatchObject({ activitySubscriptionId: expect.stringMatching(/^\d+$/), webhookSetupProblem: 'X answered 403 to POST /2/activity/subscriptions (dm.read): dm.read is not enabled for this App.' });
    expect(config.readReceiptSubscriptionId).toBeUndefined();
    const steps = xDmConnector.nextSteps!(config, { webhookUrl });
    expect(steps[0].text).toMatch(/X Activity API subscription \d+ to "dm.received", and the Account Activity API/);
    expect(steps.at(-1)!.text).toMatch(/^For customers' read receipts, subscribe @cafearoma to read receipts in the X Activity API: event "dm.read" with filter user_id 1111111111111111111 delivered to webhook \d+; Parley could not: X answered 403 .*dm.read is not enabled/);

    const again = await setup(config);
    const calls = x.registration.calls.splice(0);
    expect(calls.map((c) => [c.step, c.status])).toEqual([['subscription', 200], ['activity', 200]]);
    expect(calls[1].body).toMatchObject({ event_type: 'dm.read' });
    expect(again).toMatchObject({ activitySubscriptionId: config.activitySubscriptionId, readReceiptSubscriptionId: expect.stringMatching(/^\d+$/) });
    expect(again.webhookSetupProblem).toBeUndefined();
  });

  it('the stand-in refuses a second subscription to the same event for the same account and webhook (409), as a duplicate would deliver everything twice', async () => {
    const config = await setup({});
    x.registration.calls.splice(0);
    const duplicate = await setup({ ...config, readReceiptSubscriptionId: undefined, activitySubscriptionId: undefined });
    expect(x.registration.calls.splice(0).map((c) => [c.step, c.status])).toEqual([['subscription', 200], ['activity', 409], ['activity', 409]]);
    expect(duplicate.webhookSetupProblem).toMatch(/409 to POST \/2\/activity\/subscriptions \(dm.received\): A subscription to dm.received for user \d+ on this webhook already exists/);
  });
});

describe('X next steps follow the X Activity API subscription', () => {
  const webhookUrl = 'https://parley.acme.test/webhooks/ch_x';
  const base = xDmConfigSchema.parse({ ...X_CREDS, userId: '1111111111111111111', username: 'cafearoma', webhookId: '1976325569252868099' });

  it('created by Parley: says so with its id, and no subscription chore is left', () => {
    const steps = xDmConnector.nextSteps!({ ...base, dmSubscribed: true, activitySubscriptionId: '1976325569252868096', readReceiptSubscriptionId: '1976325569252868097' }, { webhookUrl });
    const text = steps.map((s) => s.text).join('\n');
    expect(steps[0]).toMatchObject({ value: webhookUrl, text: expect.stringMatching(/subscribed @cafearoma's direct messages to it: X Activity API subscription 1976325569252868096 to "dm.received" and 1976325569252868097 to "dm.read" \(read receipts\), and the Account Activity API until it ends on 2027-01-01/) });
    expect(text).not.toMatch(/^Subscribe|could not/m);
  });

  it('refused while the Account Activity subscription worked: the X Activity API step stays, with X\'s reason', () => {
    const problem = 'X answered 403 to POST /2/activity/subscriptions: Your App does not have access to the X Activity API.';
    const steps = xDmConnector.nextSteps!({ ...base, dmSubscribed: true, webhookSetupProblem: problem }, { webhookUrl });
    const text = steps.map((s) => s.text).join('\n');
    expect(steps[0].text).toMatch(/Parley registered this webhook URL with X \(webhook 1976325569252868099\); only the subscription below is left/);
    expect(text).toMatch(/Subscribe @cafearoma to direct messages in the X Activity API: event "dm.received" with filter user_id 1111111111111111111 delivered to webhook 1976325569252868099/);
    expect(text).toMatch(/Until the Account Activity API ends on 2027-01-01, DMs and read receipts arrive through the subscription Parley made there/);
    expect(steps.at(-1)!.text).toBe(`Parley could not subscribe the account itself, so the steps above are yours: ${problem}`);
  });
});

describe('Meta next steps follow what Parley registered', () => {
  const webhookUrl = 'https://parley.acme.test/webhooks/ch_m';
  const base = { pageId: '100000000000777', pageAccessToken: 'x'.repeat(24), pageName: 'Acme Shoes', appId: '987654321012345', appSecret: 's', verifyToken: 'verify-me-please', graphApiBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v25.0', timeoutMs: 1000 };

  it('done by Parley: no "set the Callback URL" or "subscribe" chores, the app URL is still shown', () => {
    const steps = messengerConnector.nextSteps!({ ...base, webhookSubscribed: true, appCallbackSet: true }, { webhookUrl });
    const text = steps.map((s) => s.text).join('\n');
    expect(steps[0]).toMatchObject({ value: 'https://parley.acme.test/webhooks/meta/987654321012345', text: expect.stringMatching(/^Parley set your Meta app's callback URL/) });
    expect(text).toMatch(/Parley subscribed "Acme Shoes"/);
    expect(text).not.toMatch(/set the Callback URL|Verify token|could not register/);
    expect(text).toMatch(/HUMAN_AGENT/);
  });

  it('refused: the manual steps with the verify token, and Meta\'s reason', () => {
    const steps = messengerConnector.nextSteps!({ ...base, webhookSubscribed: false, appCallbackSet: false, webhookSetupProblem: '(#200) Requires pages_manage_metadata permission' }, { webhookUrl });
    expect(steps.slice(0, 2).map((s) => s.value)).toEqual(['https://parley.acme.test/webhooks/meta/987654321012345', 'verify-me-please']);
    expect(steps.map((s) => s.text).join('\n')).toMatch(/add "Acme Shoes" and subscribe it[\s\S]*Meta said: \(#200\) Requires pages_manage_metadata/);
  });

  it('WhatsApp without businessAccountId: the app field is Parley\'s, the WABA subscription is not claimed', () => {
    const steps = whatsappConnector.nextSteps!({ phoneNumberId: '300000000000777', accessToken: 'x'.repeat(24), mediaDelivery: 'link', appId: '987654321012345', appSecret: 's', verifyToken: 'verify-me-please', graphApiBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v25.0', timeoutMs: 1000, webhookSubscribed: false, appCallbackSet: true }, { webhookUrl: 'https://parley.acme.test/webhooks/ch_w' });
    const text = steps.map((s) => s.text).join('\n');
    expect(text).toMatch(/Parley subscribed the app to this webhook field/);
    expect(text).not.toMatch(/subscribed your WhatsApp Business Account/);
    expect(text).toMatch(/Add businessAccountId/);
  });
});
