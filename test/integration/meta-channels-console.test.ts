// Settings → Channels in headless Chromium for the Meta channels: after a Messenger Page and a
// WhatsApp number are connected through the API (against the local Graph API stand-in), an admin
// sees the callback URL and verify token to paste in Meta's App Dashboard, and no secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { startConsole, type ConsoleSession } from '../support/console-session';

const PAGE_TOKEN = 'EAAG-console-page-token-0001';
const WA_TOKEN = 'EAAJB-console-wa-token-00001';
const APP_SECRET = 'console-app-secret-0123456789';

describe('Meta channels in the console settings', () => {
  let graph: MetaGraphApi;
  let ui: ConsoleSession;

  beforeAll(async () => {
    graph = await startMetaGraphApi({ tokens: [PAGE_TOKEN, WA_TOKEN], whatsappPhoneNumbers: ['109876543210987'], tokenOwners: { [PAGE_TOKEN]: { id: '106540352242922', name: 'Acme Shoes' } } });
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://support.acme.example' }, viewport: { width: 1280, height: 1100 } });
  }, 180_000);
  afterAll(async () => {
    await ui?.stop();
    await graph?.close();
  });

  it('shows the callback URL, the verify token and the webhook fields for Messenger and WhatsApp', async () => {
    const { h, page, errors } = ui;
    const messenger = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'messenger', name: 'Acme Shoes on Messenger', config: { pageId: '106540352242922', pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } } })).json();
    const whatsapp = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: '109876543210987', businessAccountId: '102290129340398', accessToken: WA_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } } })).json();

    await page.goto(`${h.parley.url}/settings`);
    const section = page.locator('[data-testid=channel-settings]');
    await section.waitFor();
    const fbCard = section.locator(`[data-channel="${messenger.id}"]`);
    const waCard = section.locator(`[data-channel="${whatsapp.id}"]`);
    await waCard.waitFor();
    const fbText = await fbCard.innerText();
    expect(fbText).toContain(`https://support.acme.example/webhooks/${messenger.id}`);
    expect(fbText).toContain(messenger.config.verifyToken);
    expect(fbText).toMatch(/Messenger → Settings → Webhooks[\s\S]*"Acme Shoes"[\s\S]*messages,messaging_postbacks,message_deliveries,message_reads/);
    const waText = await waCard.innerText();
    expect(waText).toContain(whatsapp.config.verifyToken);
    expect(waText).toMatch(/WhatsApp → Configuration → Webhook[\s\S]*\+1 555-078-3881[\s\S]*templates/);
    const all = await section.innerText();
    for (const secret of [PAGE_TOKEN, WA_TOKEN, APP_SECRET]) expect(all).not.toContain(secret);

    await section.scrollIntoViewIfNeeded();
    await ui.shot('meta-channels-settings.png', section);
    expect(errors).toEqual([]);
  });
});
