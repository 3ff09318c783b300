// Splitting one Meta app's webhook among its channels (engine/ingest/meta-app-dispatch.ts), with the
// real Messenger and WhatsApp connectors and bodies signed by node:crypto (test/fakes/sign-meta).
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/connector';
import { messengerConnector } from '../../connectors/messenger';
import { metaAppWebhookUrl, metaWebhookSteps } from '../../connectors/shared/meta/meta-app';
import { MetaPayloadError } from '../../connectors/shared/meta/payload-error';
import { whatsappConnector } from '../../connectors/whatsapp';
import type { MetaAppChannel } from '../../engine/channels/meta-app-channels';
import { addressedOwners, planDispatch, verifyForApp } from '../../engine/ingest/meta-app-dispatch';
import { metaBodyBytes, signedMetaRequest } from '../fakes/sign-meta';

const SECRET = 'app-secret-0123456789abcdef';
const ROTATED = 'app-secret-rotated-00000000';
const deps = { fetch, now: () => 1_750_000_000_000 };

const channel = (id: string, type: string, connector: Connector, config: Record<string, unknown>): MetaAppChannel => ({
  type, connector, ctx: { id, accountId: 'acc_1', config: { appId: '1234567890', appSecret: SECRET, graphApiBaseUrl: 'http://127.0.0.1:9', graphApiVersion: 'v25.0', timeoutMs: 1000, ...config } },
});
const pageA = channel('ch_a', 'messenger', messengerConnector, { pageId: '111111', pageAccessToken: 'EAAG-token-a-000000000000' });
const pageB = channel('ch_b', 'messenger', messengerConnector, { pageId: '222222', pageAccessToken: 'EAAG-token-b-000000000000' });
const number = channel('ch_w', 'whatsapp', whatsappConnector, { phoneNumberId: '333333', accessToken: 'EAAJB-token-w-00000000000', mediaDelivery: 'link' });

const text = (pageId: string, psid: string, mid: string, body: string) => ({
  id: pageId, time: 1, messaging: [{ sender: { id: psid }, recipient: { id: pageId }, timestamp: 1_750_000_000_000, message: { mid, text: body } }],
});
const waChange = (phoneNumberId: string, wamid: string) => ({
  field: 'messages',
  value: { messaging_product: 'whatsapp', metadata: { phone_number_id: phoneNumberId }, messages: [{ from: '34600000000', id: wamid, timestamp: '1750000000', type: 'text', text: { body: 'hola' } }] },
});

describe('Meta app webhook dispatch', () => {
  it('names the owners an envelope addresses: entry ids for Pages, phone_number_id for WhatsApp changes (template updates name none)', () => {
    expect(addressedOwners(metaBodyBytes({ object: 'page', entry: [text('111111', '9', 'm1', 'a'), text('999999', '9', 'm2', 'b'), text('111111', '9', 'm3', 'c')] })))
      .toEqual({ object: 'page', ownerIds: ['111111', '999999'] });
    const wa = { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes: [waChange('333333', 'wamid.1'), waChange('444444', 'wamid.2')] }, { id: 'WABA2', changes: [{ field: 'message_template_status_update', value: {} }] }] };
    expect(addressedOwners(metaBodyBytes(wa))).toEqual({ object: 'whatsapp_business_account', ownerIds: ['333333', '444444'] });
  });

  it('refuses bodies that are not a Meta webhook it handles, as a 400 with the field', () => {
    const notMeta = (() => { try { addressedOwners(metaBodyBytes({ object: 'user', entry: [] })); } catch (e) { return e; } })();
    expect(notMeta).toBeInstanceOf(MetaPayloadError);
    expect(notMeta).toMatchObject({ status: 400, issues: [{ path: 'object' }] });
    expect(() => addressedOwners(Buffer.from('{"object":"page"'))).toThrow(/not valid JSON/);
  });

  it('verifies the signature once per app secret and keeps only the channels holding the secret that matched', () => {
    const body = { object: 'page', entry: [] };
    expect(verifyForApp(signedMetaRequest(SECRET, body), [pageA, pageB])).toEqual({ ok: true, channels: [pageA, pageB] });
    const rotatedB = { ...pageB, ctx: { ...pageB.ctx, config: { ...pageB.ctx.config, appSecret: ROTATED } } };
    expect(verifyForApp(signedMetaRequest(ROTATED, body), [pageA, rotatedB])).toEqual({ ok: true, channels: [rotatedB] });
    expect(verifyForApp(signedMetaRequest('someone-else', body), [pageA, rotatedB])).toEqual({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
    const unsigned = { ...signedMetaRequest(SECRET, body), headers: {} };
    expect(verifyForApp(unsigned, [pageA])).toEqual({ ok: false, reason: 'missing X-Hub-Signature-256 header' });
  });

  it('gives each Page channel only its own entries and skips Pages no channel owns', () => {
    const req = signedMetaRequest(SECRET, { object: 'page', entry: [text('111111', '71', 'm.a', 'to A'), text('222222', '72', 'm.b', 'to B'), text('999999', '73', 'm.x', 'nobody')] });
    const plan = planDispatch(req, [pageA, pageB, number], deps);
    expect(plan.skipped).toEqual(['999999']);
    expect(plan.deliveries.map((d) => [d.channel.ctx.id, d.events.map((e) => e.eventId)])).toEqual([['ch_a', ['m.a']], ['ch_b', ['m.b']]]);
  });

  it('routes a WhatsApp change by its phone_number_id, never to a Page of the same app', () => {
    const req = signedMetaRequest(SECRET, { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes: [waChange('333333', 'wamid.in1'), waChange('444444', 'wamid.in2')] }] });
    const plan = planDispatch(req, [pageA, number], deps);
    expect(plan.skipped).toEqual(['444444']);
    expect(plan.deliveries).toHaveLength(1);
    expect(plan.deliveries[0].channel).toBe(number);
    expect(plan.deliveries[0].events).toMatchObject([{ kind: 'message', eventId: 'wamid.in1', text: 'hola' }]);
  });

  it('a body one owning channel cannot parse refuses the request before anything is planned', () => {
    const req = signedMetaRequest(SECRET, { object: 'page', entry: [{ id: '111111', messaging: [{ message: { mid: 'm', text: 'no sender' } }] }] });
    expect(() => planDispatch(req, [pageA], deps)).toThrow(MetaPayloadError);
  });
});

describe('Meta app set-up steps', () => {
  const webhookUrl = 'https://parley.example.com/webhooks/ch_01ABC';
  it('the app URL sits beside the channel URL', () => {
    expect(metaAppWebhookUrl(webhookUrl, '1234567890')).toBe('https://parley.example.com/webhooks/meta/1234567890');
  });
  it('without an app id the channel keeps its own URL; with one, the app URL and a word on the app’s other channels', () => {
    expect(metaWebhookSteps('Messenger → Settings → Webhooks', webhookUrl, { verifyToken: 'tok-12345678' }, 'every Page').map((s) => s.value)).toEqual([webhookUrl, 'tok-12345678']);
    const steps = metaWebhookSteps('Messenger → Settings → Webhooks', webhookUrl, { appId: '1234567890', verifyToken: 'tok-12345678' }, 'every Page');
    expect(steps.map((s) => s.value)).toEqual(['https://parley.example.com/webhooks/meta/1234567890', 'tok-12345678']);
    expect(steps[0].text).toMatch(/^In the Meta App Dashboard, Messenger → Settings → Webhooks, set the Callback URL .* same for every Page of this app/);
  });
});
