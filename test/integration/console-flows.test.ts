// The business flows' console pages in Chromium, with real data behind them: a contact list
// uploaded with a bad row, a campaign that ran to a stand-in provider, an appointment service
// with an agent's hours and a booked appointment. Each page shows what a supervisor needs to see,
// in words; screenshots go to docs/screenshots/ (and are looked at).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 21).toString('base64');
const SLOW = { timeout: 15_000, interval: 100 };

describe('console: campaigns and appointments with real data', () => {
  let mw: ByocMiddleware;
  let ui: ConsoleSession;
  let h: Harness;
  let page: Page;
  let errors: string[];

  /** The whole main column (up to 2400 px tall), without the passing toasts. */
  const shot = async (name: string) => {
    const height = await page.evaluate(() => document.querySelector('.main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 2400)) });
    await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    await ui.shot(name, page, { animations: 'disabled', timeout: 30_000 });
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    ui = await startConsole();
    ({ h, page, errors } = ui);
  }, 120_000);
  afterAll(async () => {
    await ui?.stop();
    await mw?.close();
  });

  it('Campaigns: the uploaded list with its row report, and a finished campaign with its counts', async () => {
    const channel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'App chat', config: { outboundUrl: mw.url, secret: SECRET } } })).json();
    const csv = '\uFEFFid;name;byoc;plan\n1;Ana Ruiz;ana;Oro\n2;Luis Gil;luis;Plata\n3;Sin identidad;;Oro\n4;Marta Sol;marta;Oro\n';
    const list = await (await h.api('/api/v1/contact-lists?name=Clientes%20noviembre', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    expect(list.counts).toMatchObject({ rowsRead: 4 });
    const campaign = await (await h.api('/api/v1/campaigns', { method: 'POST', json: {
      name: 'Renovación plan', channelId: channel.id, listId: list.id, message: { text: 'Hola {{name}}, tu plan {{plan}} se renueva pronto.' },
    } })).json();
    expect((await h.api(`/api/v1/campaigns/${campaign.id}/start`, { method: 'POST' })).status).toBeLessThan(300);
    await eventually(async () => (await (await h.api(`/api/v1/campaigns/${campaign.id}`)).json()).status === 'completed', 30_000, 200);
    expect(mw.received.map((r) => r.body?.text).filter(Boolean).sort()).toEqual([
      'Hola Ana Ruiz, tu plan Oro se renueva pronto.', 'Hola Luis Gil, tu plan Plata se renueva pronto.', 'Hola Marta Sol, tu plan Oro se renueva pronto.',
    ]);

    await page.click('a.nav-item:has-text("Campaigns")');
    await expect.poll(() => page.locator('main').innerText(), SLOW).toContain('Renovación plan');
    // The campaign names its channel and list, never their raw ids.
    const card = await page.locator('main').innerText();
    expect(card).toContain('App chat · list Clientes noviembre');
    expect(card).not.toMatch(/\bch_|\bcl_/);
    await shot('campaigns.png');
    expect(errors).toEqual([]);
  });

  it('Appointments: a service, an agent\'s hours and the day view', async () => {
    const me = await (await h.api('/api/v1/me')).json();
    const userId = me.user?.id ?? me.userId ?? (await (await h.api('/api/v1/users')).json()).items[0].id;
    const hours = [{ start: '09:00', end: '17:00' }];
    expect((await h.api(`/api/v1/agents/${userId}/availability`, { method: 'PUT', json: {
      timeZone: 'Europe/Madrid', weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
    } })).status).toBe(200);
    const service = await h.api('/api/v1/appointment-services', { method: 'POST', json: { name: 'Cata de café', durationMinutes: 45, bufferAfterMinutes: 15, agentIds: [userId], timeZone: 'Europe/Madrid', location: 'Tienda de Sol, Madrid' } });
    expect(service.status).toBe(201);

    await page.click('a.nav-item:has-text("Appointments")');
    await expect.poll(() => page.locator('main').innerText(), SLOW).toContain('Cata de café');
    await shot('appointments.png');
    expect(errors).toEqual([]);
  });

  it('Payments: the empty page says how to start', async () => {
    await page.click('a.nav-item:has-text("Payments")');
    await expect.poll(() => page.locator('main').innerText(), SLOW).toMatch(/Stripe|payment/i);
    await shot('payments-empty.png');
    expect(errors).toEqual([]);
  });
});
