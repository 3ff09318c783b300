// Website actions end to end in Chromium (web security on): an admin starts the shipped example
// "Offer help at checkout" (and its companion "Tag buyers") from Rules → New rule and publishes it.
// A visitor of a local shop clicks the mapped Checkout button twice: the rule runs and the offer
// appears in the page; its "Chat with us" button opens the chat with the prefilled message, and the
// offer's shown / clicked events count under the rule. The visitor then buys (Parley.track('purchase')):
// the companion rule tags them "bought", the Guide rule that keeps WhatsApp for buyers now shows it,
// and their next Checkout clicks carry the tag (so the offer rule's "without buying" test fails).
// A rule that opens the chat with a greeting on /help: the visitor answers, and their new case starts
// with the greeting; back on /help with that case, the rule's message is a real reply in it. Screenshots: the examples in the New rule dialog, the example rule in the editor,
// the rule-driven offer and the greeting on the shop's page.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { freePort } from '../support/free-port';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
const SLOW = { timeout: 30_000, interval: 200 };

async function startShop(port: number, snippet: () => string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Café Aroma · Basket</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fffaf3;color:#3b2f2f} header{background:#7c2d12;color:#fff;padding:18px 32px;font-size:22px}
main{padding:32px;max-width:760px} .basket{border:1px solid #e7d8c9;border-radius:12px;background:#fff;padding:24px}
.line{display:flex;justify-content:space-between;padding:8px 0;border-bottom:1px solid #f1e7dc} .total{font-size:22px;margin:18px 0}
#checkout{background:#166534;color:#fff;border:0;border-radius:8px;padding:12px 28px;font-size:18px;cursor:pointer}</style></head>
<body><header>Café Aroma</header><main><div class="basket"><h1>Your basket</h1>
<div class="line"><span>Ethiopia Yirgacheffe, 250 g</span><span>12.50 €</span></div><div class="line"><span>Colombia Huila, 250 g</span><span>11.00 €</span></div>
<div class="total">Total 23.50 €</div><button id="checkout" onclick="document.getElementById('msg').textContent='Payment details are required'">Checkout</button>
<p id="msg"></p></div></main>${snippet()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('website actions: the shipped example offers help at checkout; a rule tags buyers', () => {
  let h: Harness;
  let browser: Browser;
  let admin: Page;
  let shop: Server;
  let shopOrigin: string;
  let snippet = '';
  let siteId = '';
  const rules: Record<string, string> = {};
  let basketTab: Page | undefined;

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const port = await freePort();
    shopOrigin = `http://127.0.0.1:${port}`;
    shop = await startShop(port, () => snippet);
    browser = await launchBrowser({ webSecurity: true });
    admin = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // WhatsApp is for buyers (order updates): visitors without the "bought" tag see web chat only.
    const site = await (await h.api('/api/v1/sites', { method: 'POST', json: {
      name: 'Café Aroma', allowedOrigins: [shopOrigin], language: 'en', branding: { colour: '#166534', position: 'bottom-right', title: 'Café Aroma' },
      entryPoints: [{ type: 'webchat' }, { type: 'whatsapp', phone: '+34600111222' }],
      guideRules: [{ id: 'buyers-whatsapp', name: 'WhatsApp for buyers', conditionSets: [[{ type: 'visitor_tag', op: 'has_not', tag: 'bought' }]], actions: [{ type: 'set_template', entryPoints: ['webchat'] }] }],
    } })).json();
    siteId = site.id;
    snippet = site.snippet;
    const element = await h.api(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: 'Checkout button', locator: { id: 'checkout', css: '#checkout', text: 'Checkout' }, pageUrlPattern: '' } });
    expect(element.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.stop();
  });

  const startExample = async (example: string, name: string) => {
    await admin.click('.page-header button:has-text("New rule")');
    await admin.click(`.dialog [data-example=${example}]`);
    expect(await admin.inputValue('#rule-name')).toBe(name);
    expect(await admin.inputValue('#rule-folder')).toBe('Website');
    return admin.locator('[data-testid=example-setup]').innerText();
  };
  const publish = async () => {
    await admin.click('header button:has-text("Publish")');
    await admin.click('.dialog button:has-text("Publish")');
    await admin.waitForSelector('.editor-head .chip:has-text("v1 live")');
  };

  it('the admin starts "Offer help at checkout" from an example, sees it drawn, and publishes it', async () => {
    const errors = watchErrors(admin);
    await signInAsAdmin(admin, h.parley.url, h.parley.credentials!);
    const setup = await startExample('checkout-help', 'Offer help at checkout');
    expect(setup).toContain('Map your checkout button');
    expect(await admin.locator('.dialog').innerText()).toContain('clicks Checkout twice within 2 minutes without buying');
    mkdirSync(SHOTS, { recursive: true });
    await admin.locator('.dialog').screenshot({ path: join(SHOTS, 'rule-examples-dialog.png'), animations: 'disabled', timeout: 30_000 });
    await admin.click('.dialog button:has-text("Create from example")');
    await admin.waitForURL(/\/rules\/rule_/);
    rules.checkout = admin.url().split('/rules/')[1];
    await expect.poll(() => admin.locator('.react-flow__node').count(), SLOW).toBe(3);
    const cards = (await admin.locator('.react-flow__node').allInnerTexts()).join('\n');
    expect(cards).toContain('Show offer “Need a hand with your order?” on the website');
    expect(cards).toContain('Buttons: Chat with us · Not now');
    // The offer node's panel: a form from the action's schema.
    await admin.locator('.react-flow__node', { hasText: 'Show offer' }).click();
    await admin.getByLabel('Title', { exact: true }).waitFor(SLOW);
    expect(await admin.getByLabel('Title', { exact: true }).inputValue()).toBe('Need a hand with your order?');
    await admin.addStyleTag({ content: '.toasts { display: none !important; }' });
    await admin.screenshot({ path: join(SHOTS, 'website-example-rule.png'), animations: 'disabled', timeout: 30_000 });
    await publish();

    await admin.goto(`${h.parley.url}/rules`);
    await startExample('tag-buyers', 'Tag buyers');
    await admin.click('.dialog button:has-text("Create from example")');
    await admin.waitForURL(/\/rules\/rule_/);
    rules.buyers = admin.url().split('/rules/')[1];
    await expect.poll(() => admin.locator('.react-flow__node').count(), SLOW).toBe(2);
    await publish();
    expect(errors).toEqual([]);
  });

  it('a visitor clicks Checkout twice: the offer appears, and its chat button opens the chat with the prefilled text', async () => {
    const visitor = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/basket`);
    await visitor.locator('#parley-widget button.launcher').waitFor(SLOW);
    await visitor.click('#checkout');
    await visitor.click('#checkout');
    const offer = visitor.locator('#parley-widget .card.offer');
    await offer.waitFor(SLOW);
    expect(await offer.getAttribute('data-offer')).toBe('checkout-help');
    expect(await offer.innerText()).toContain('Need a hand with your order?');
    expect(await offer.innerText()).toContain('Someone from our team can help you right now.');
    await visitor.screenshot({ path: join(SHOTS, 'website-rule-offer.png'), animations: 'disabled', timeout: 30_000 });

    await offer.locator('button:has-text("Chat with us")').click();
    const composer = visitor.locator('#parley-widget .composer textarea');
    await composer.waitFor(SLOW);
    expect(await composer.inputValue()).toBe('Hi! I need help with my checkout.');
    expect(await offer.count()).toBe(0);

    // Shown and clicked are recorded under the automation rule (the site's conversion view).
    const outcomes = () => (h.parley.db.$client.prepare(`select json_extract(detail, '$.outcome') o from visitor_events where type = 'offer' and json_extract(detail, '$.ruleId') = ? order by id`)
      .all(rules.checkout) as { o: string }[]).map((r) => r.o);
    await expect.poll(outcomes, SLOW).toEqual(['shown', 'clicked']);
    const runs = (await (await h.api(`/api/v1/rules/${rules.checkout}/runs`)).json()).items;
    expect(runs).toMatchObject([{ status: 'completed' }]);
    // The site's page shows how the rule's offer converts, named by its rule.
    await admin.goto(`${h.parley.url}/websites/${siteId}`);
    const conversions = admin.getByTestId('automation-offers');
    await conversions.waitFor(SLOW);
    const firstRow = async () => (await conversions.locator('tbody tr').first().innerText()).split('\t').map((c) => c.trim());
    await expect.poll(firstRow, SLOW).toEqual(['Offer help at checkout', 'checkout-help', '1', '1', '0', '100%']);
    await conversions.screenshot({ path: join(SHOTS, 'website-automation-offers.png'), animations: 'disabled', timeout: 30_000 });
    expect(errors).toEqual([]);
    // The visitor keeps this tab open: the next test's command may reach either tab.
    basketTab = visitor;
  });

  it('a purchase tags the visitor "bought": the Guide now shows WhatsApp, and Checkout clicks carry the tag', async () => {
    const visitor = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/thanks`);
    await visitor.locator('#parley-widget button.launcher').click(SLOW);
    const entryPoints = () => visitor.locator('#parley-widget .ep').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.entryPoint));
    expect(await entryPoints()).toEqual(['webchat']);

    await visitor.evaluate(() => (window as unknown as { Parley: { track(name: string): void } }).Parley.track('purchase'));
    // The rule's command reaches this page, or the basket tab still open (the tag then arrives here
    // through the browser's storage); the open list updates.
    await expect.poll(entryPoints, SLOW).toEqual(['webchat', 'whatsapp']);
    expect(await visitor.evaluate(() => JSON.parse(localStorage.getItem('parley:v1')!).tags)).toEqual(['bought']);
    expect((await (await h.api(`/api/v1/rules/${rules.buyers}/runs`)).json()).items).toMatchObject([{ status: 'completed' }]);

    // Their next Checkout click reports the tag: "without buying" no longer holds for them.
    await visitor.click('#checkout');
    const tagsOfLastClick = () => (h.parley.db.$client.prepare(`select payload from rule_events where type = 'visitor.element' order by rowid desc limit 1`).get() as { payload: string }).payload;
    await expect.poll(() => JSON.parse(tagsOfLastClick()).payload.tags, SLOW).toEqual(['bought']);
    expect(errors).toEqual([]);
    // The visitor leaves both pages (a command goes to the first of the visitor's pages that asks).
    await visitor.goto('about:blank');
    await basketTab?.goto('about:blank');
  });

  it('a rule opens the chat with a greeting; the visitor answers and the case starts with it; with a case it is a real reply', async () => {
    const accountId = (h.parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
    insertPublishedRule(h.parley.db, {
      accountId, name: 'Greet on the help page',
      graph: chain({ trigger: 'visitor.page_view' }, { kind: 'condition', all: [{ field: 'visitor.pageUrl', op: 'contains', value: '/help', match: 'substring' }] },
        { kind: 'action', action: 'website_open_chat', input: { text: 'Hi! Looking for something? Ask us here.' } }),
    });
    const chatOpenedEvents = () => (h.parley.db.$client.prepare(`select count(*) n from visitor_events where type = 'chat_opened'`).get() as { n: number }).n;
    const openedBefore = chatOpenedEvents();
    const visitor = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/help`);
    const log = visitor.locator('#parley-widget .log');
    await expect.poll(() => log.innerText().catch(() => ''), SLOW).toContain('Hi! Looking for something? Ask us here.');
    await visitor.screenshot({ path: join(SHOTS, 'website-rule-greeting.png'), animations: 'disabled', timeout: 30_000 });
    await visitor.locator('#parley-widget .composer textarea').fill('Where is my order 1042?');
    await visitor.locator('#parley-widget .composer .send').click();
    const theCase = await eventually(async () => (await (await h.api('/api/v1/cases?limit=5')).json()).items[0], 20_000, 100) as { id: string };
    const thread = async () => ((await (await h.api(`/api/v1/cases/${theCase.id}`)).json()).messages as { text: string; direction: string }[])
      .map((m) => `${m.direction}: ${m.text}`);
    await expect.poll(thread, SLOW).toEqual(['out: Hi! Looking for something? Ask us here.', 'in: Where is my order 1042?']);
    // Shown once in the chat, though Parley now holds it too.
    await visitor.waitForTimeout(1500);
    expect((await log.innerText()).split('Hi! Looking for something?').length - 1).toBe(1);
    // The rule opened the chat, not the visitor: no "Chat window opened" event (a rule on it cannot loop).
    expect(chatOpenedEvents()).toBe(openedBefore);

    // Back on the help page with a case now: the rule's message is a real reply in it, shown in the chat.
    await visitor.reload();
    await expect.poll(thread, SLOW).toEqual(['out: Hi! Looking for something? Ask us here.', 'in: Where is my order 1042?', 'out: Hi! Looking for something? Ask us here.']);
    await expect.poll(async () => (await log.innerText().catch(() => '')).split('Hi! Looking for something?').length - 1, SLOW).toBe(2);
    expect(await log.innerText()).toContain('Where is my order 1042?');
    expect(errors).toEqual([]);
  });
});
