// Settings → Channels in headless Chromium for two Messenger Pages of one Meta app: the connect form
// asks for the App ID beside the App secret, and both channels' next steps show the same app-level
// callback URL (`/webhooks/meta/{appId}`) to paste once in Meta's App Dashboard — and no secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { startConsole, type ConsoleSession } from '../support/console-session';

const APP_ID = '1234567890123456';
const APP_SECRET = 'console-app-level-secret-0123';
const PAGE_A = '111111111111111';
const PAGE_B = '222222222222222';
const PAGE_A_TOKEN = 'EAAG-console-app-page-a-0001';
const PAGE_B_TOKEN = 'EAAG-console-app-page-b-0002';

describe('Two Pages of one Meta app in the console', () => {
  let graph: MetaGraphApi;
  let ui: ConsoleSession;

  beforeAll(async () => {
    graph = await startMetaGraphApi({
      tokens: [PAGE_A_TOKEN, PAGE_B_TOKEN],
      tokenOwners: { [PAGE_A_TOKEN]: { id: PAGE_A, name: 'Acme Shoes' }, [PAGE_B_TOKEN]: { id: PAGE_B, name: 'Acme Outlet' } },
    });
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://support.acme.example' }, viewport: { width: 1280, height: 1100 } });
  }, 180_000);
  afterAll(async () => {
    await ui?.stop();
    await graph?.close();
  });

  it('an admin connects a Page with its App ID; both Pages of the app show one callback URL to paste', async () => {
    const { h, page, errors } = ui;
    await page.goto(`${h.parley.url}/settings`);
    const section = page.locator('[data-testid=channel-settings]');
    await section.waitFor();
    await section.locator('button:has-text("Connect a channel")').click();
    const dialog = page.locator('[data-testid=connect-channel]');
    await dialog.locator('#cc-type').selectOption('messenger');
    await dialog.locator('#cc-name').fill('Acme Shoes');
    // The App ID is asked up front, right before the App secret it sits next to in Meta's settings.
    const labels = (await dialog.locator('.field-label:visible').allInnerTexts()).map((l) => l.replace(/\s*optional$/, ''));
    expect(labels.slice(labels.indexOf('App ID'), labels.indexOf('App ID') + 2)).toEqual(['App ID', 'App secret']);
    expect(await dialog.locator('[data-field="config.appId"] .help').innerText()).toMatch(/share one callback URL/);
    await dialog.locator('#f-config-pageId').fill(PAGE_A);
    await dialog.locator('#f-config-pageAccessToken').fill(PAGE_A_TOKEN);
    await dialog.locator('#f-config-appId').fill(APP_ID);
    await dialog.locator('#f-config-appSecret').fill(APP_SECRET);
    await dialog.locator('summary:has-text("More settings")').click();
    await dialog.locator('#f-config-graphApiBaseUrl').fill(graph.url);
    await ui.shot('meta-app-connect.png');
    await page.locator('.dialog button:has-text("Connect")').click();
    await dialog.waitFor({ state: 'detached' });

    const second = await h.api('/api/v1/channels', {
      method: 'POST', json: { type: 'messenger', name: 'Acme Outlet', config: { pageId: PAGE_B, pageAccessToken: PAGE_B_TOKEN, appId: APP_ID, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } },
    });
    expect(second.status).toBe(201);
    await page.reload();
    const items = (await (await h.api('/api/v1/channels')).json()).items as { id: string; name: string }[];
    const appUrl = `https://support.acme.example/webhooks/meta/${APP_ID}`;
    for (const name of ['Acme Shoes', 'Acme Outlet']) {
      const card = section.locator(`[data-channel="${items.find((c) => c.name === name)!.id}"]`);
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain(appUrl);
      expect(text).toMatch(/same for every Page of this app/);
    }
    const all = await section.innerText();
    for (const secret of [PAGE_A_TOKEN, PAGE_B_TOKEN, APP_SECRET]) expect(all).not.toContain(secret);
    await section.scrollIntoViewIfNeeded();
    await ui.shot('meta-app-settings.png', section);
    expect(errors).toEqual([]);
  });
});
