// Webhook registration by API, unit level: X refuses webhook URLs that are not https or carry a port,
// so with such a PARLEY_PUBLIC_URL Parley makes no registration call and the next steps say why; the
// Meta next steps read what Parley registered (done → said so; refused → the manual steps + Meta's reason).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDeps } from '../../connectors/connector';
import { messengerConnector } from '../../connectors/messenger';
import { whatsappConnector } from '../../connectors/whatsapp';
import { xDmConfigSchema } from '../../connectors/x-dm/config';
import { xDmConnector } from '../../connectors/x-dm';
import { xWebhookUrlProblem } from '../../connectors/x-dm/webhook-registration';
import { startXApi, type XApi } from '../fakes/x-api';

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
