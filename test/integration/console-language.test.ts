// Customers' language in the console (issue #9) and the inbox by last activity (issue #10), in
// headless Chromium against a real Parley: the customer panel sets a contact's language (a known
// one, any BCP 47 tag typed, back to automatic), Settings sets a channel's and the account's
// default; a case whose customer writes again rises to the top of the open inbox.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 47).toString('base64');
const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('language and activity order in the console', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let channelId: string;
  let n = 0;

  const customerWrites = async (conversation: string, name: string, text: string) => {
    const body = { type: 'message', externalMessageId: `in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };
  const json = async (path: string) => (await h.api(path)).json();

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channelId = (await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } })).json()).id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    errors = watchErrors(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('the inbox lists by last activity: a customer writing again moves their case to the top, live', async () => {
    const conversationOf = new Map<string, string>();
    conversationOf.set(await customerWrites('c-1', 'Lucía Fernández', 'Hola, mi pedido no ha llegado.'), 'c-1');
    conversationOf.set(await customerWrites('c-2', 'Jonas Weber', 'Can I change the delivery address?'), 'c-2');
    conversationOf.set(await customerWrites('c-3', 'Amara Okafor', 'Is the linen shirt available in XL?'), 'c-3');
    // Each case's workflow mirrors its first message a moment later (that is activity too): let the
    // three settle, then the console must show the API's order.
    await eventually(async () => ((await json('/api/v1/cases')).items as { inboundCount: number }[]).filter((c) => c.inboundCount >= 1).length === 3 || null);
    const settled = ((await json('/api/v1/cases?sort=activity')).items as { id: string }[]).map((c) => c.id);
    await signInAsAdmin(page, h.parley.url, h.parley.credentials!);
    await page.click('nav a:has-text("Inbox")');
    await page.locator('.live-dot.on').waitFor();
    const order = () => page.locator('.case-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    await expect.poll(order).toEqual(settled);
    // The customer at the bottom writes again: their case rises to the top without a reload.
    const bottom = settled[2];
    const [name] = { 'c-1': ['Lucía Fernández'], 'c-2': ['Jonas Weber'], 'c-3': ['Amara Okafor'] }[conversationOf.get(bottom)!]!;
    await customerWrites(conversationOf.get(bottom)!, name, '¿Alguna novedad?');
    await expect.poll(async () => (await order())[0], { timeout: 5000 }).toBe(bottom);
    await page.screenshot({ path: join(SHOTS, 'inbox-by-activity.png') });
  });

  it("sets the contact's language from the customer panel: a known one, any tag typed, automatic", async () => {
    const caseId = (await json('/api/v1/cases?sort=activity')).items[0].id;
    await page.click(`[data-case-id="${caseId}"]`);
    const picker = page.locator('[data-testid=customer-language]');
    await picker.waitFor();
    const contactId = (await json(`/api/v1/cases/${caseId}`)).contactId;
    const language = async () => (await json(`/api/v1/contacts/${contactId}`)).language;

    expect(await picker.locator('select').inputValue()).toBe('');
    await picker.locator('select').selectOption('es');
    await eventually(async () => expect(await language()).toBe('es'));

    // Any BCP 47 tag: a wrong one is refused on the spot, a good one is stored canonical.
    await picker.locator('select').selectOption('__other__');
    await picker.locator('input').fill('not a tag');
    await picker.locator('button:has-text("Set"), button:has-text("Aplicar")').click();
    await picker.locator('[role=alert]').waitFor();
    await picker.locator('input').fill('pt_br');
    await picker.locator('input').press('Enter');
    await eventually(async () => expect(await language()).toBe('pt-BR'));
    await expect.poll(() => picker.locator('select').inputValue()).toBe('pt-BR');
    expect(await picker.innerText()).toMatch(/English|inglés/);
    await page.locator('[data-testid=customer-card]').screenshot({ path: join(SHOTS, 'customer-language.png') });

    await picker.locator('select').selectOption('');
    await eventually(async () => expect(await language()).toBeNull());
  });

  it("sets a channel's and the account's default language in Settings", async () => {
    await page.goto(`${h.parley.url}/settings`);
    const account = page.locator('[data-testid=account-language] select');
    await account.waitFor();
    expect(await account.inputValue()).toBe('en');
    await account.selectOption('es');
    await eventually(async () => expect((await json('/api/v1/settings/automation')).defaultLanguage).toBe('es'));

    const channel = page.locator(`[data-channel="${channelId}"] [data-testid=channel-language] select`);
    await channel.waitFor();
    expect(await channel.inputValue()).toBe('');
    await channel.selectOption('en');
    await eventually(async () => expect((await json(`/api/v1/channels/${channelId}`)).defaultLanguage).toBe('en'));
    expect(await page.locator('.toast').allInnerTexts()).toEqual(expect.arrayContaining(['Default language saved', 'Channel language saved']));
    // The pictures without the confirmations over them.
    await expect.poll(() => page.locator('.toast').count(), { timeout: 15_000 }).toBe(0);
    await page.locator('[data-testid=language-settings]').screenshot({ path: join(SHOTS, 'settings-language.png') });
    await page.locator(`[data-channel="${channelId}"]`).screenshot({ path: join(SHOTS, 'channel-language.png') });
    await page.screenshot({ path: join(SHOTS, 'settings-muted-contrast.png') });
    expect(errors).toEqual([]);
  });
});
