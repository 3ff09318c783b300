// The Engagement Mapper's pictures and pickers, and the Guide's custom condition, end to end in
// Chromium (web security on). An admin maps the Buy button of a local shop from the console: mapping
// mode draws a small picture of it, which is saved with the element and shown in the console's list.
// In the rule editor, the "Mapped element interacted" trigger picks that element by its picture and
// name (not its id) with the interaction in words, an "Element name" condition offers the names, and
// the rule is published with the element's id. A Guide rule whose custom condition asks a local URL
// (entered in the console, where a plain-http address is refused) lists WhatsApp only on pages where
// the URL answers { "result": true }. Screenshots: the element list with pictures, the trigger
// picker, the custom condition in the Guide rules form.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { freePort } from '../support/free-port';
import { startHarness, type Harness } from '../support/parley-harness';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
const SLOW = { timeout: 20_000, interval: 100 };

async function listen(handler: (req: IncomingMessage) => { type: string; body: string; headers?: Record<string, string> }): Promise<{ server: Server; origin: string }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    const { type, body, headers } = handler(req);
    res.writeHead(200, { 'content-type': type, ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${port}` };
}

const shopPage = (title: string, snippet: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Café Aroma · ${title}</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fffaf3;color:#3b2f2f} header{background:#7c2d12;color:#fff;padding:18px 32px;font-size:22px}
main{padding:32px;max-width:760px} .product{display:flex;gap:28px;align-items:flex-start;border:1px solid #e7d8c9;border-radius:12px;background:#fff;padding:24px}
.photo{width:180px;height:180px;border-radius:10px;background:linear-gradient(135deg,#92400e,#451a03)} .price{font-size:24px;margin:8px 0 18px}
button.buy{background:#166534;color:#fff;border:0;border-radius:8px;padding:12px 28px;font-size:18px;cursor:pointer;box-shadow:0 2px 0 #14532d}
form.news{margin-top:24px;display:inline-flex;gap:8px;padding:14px;border:1px dashed #d6c3b0;border-radius:10px;background:#fff} form.news input{padding:8px;border:1px solid #d6c3b0;border-radius:6px}</style></head>
<body><header>Café Aroma</header><main><div class="product"><div class="photo"></div><div><h1>${title}</h1><p>Floral, citrus, 250 g.</p>
<div class="price">12.50 €</div><button class="buy" data-sku="eth-250">Buy</button></div></div>
<form class="news" id="newsletter"><input name="email" placeholder="you@example.com" aria-label="Email"><button type="button">Subscribe</button></form></main>${snippet}</body></html>`;

describe('Engagement Mapper pictures and pickers, and the Guide\'s custom condition', () => {
  let h: Harness;
  let browser: Browser;
  let admin: Page;
  let shop: Server;
  let shopOrigin: string;
  let check: Server;
  let checkUrl: string;
  const asked: URLSearchParams[] = [];
  let snippet = '';
  let siteId = '';
  let elementId = '';
  let errors: string[];

  const shot = async (target: Page | Locator, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await target.screenshot({ path: join(SHOTS, name), animations: 'disabled', timeout: 30_000 });
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    ({ server: shop, origin: shopOrigin } = await listen((req) => ({ type: 'text/html; charset=utf-8', body: shopPage(req.url?.includes('vip') ? 'Geisha reserve' : 'Ethiopia Yirgacheffe', snippet) })));
    // The business's own service behind the custom condition: yes on VIP pages.
    ({ server: check } = await listen((req) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      asked.push(q);
      return { type: 'application/json', body: JSON.stringify({ result: (q.get('page') ?? '').includes('/vip') }), headers: { 'access-control-allow-origin': '*' } };
    }).then((r) => { checkUrl = `${r.origin}/vip-check`; return r; }));
    browser = await launchBrowser({ webSecurity: true });
    admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = watchErrors(admin);
    const site = await (await h.api('/api/v1/sites', {
      method: 'POST',
      json: {
        name: 'Café Aroma', allowedOrigins: [shopOrigin], language: 'en',
        entryPoints: [{ type: 'whatsapp', phone: '+34600111222' }, { type: 'email', address: 'hola@cafe-aroma.example' }],
        guideRules: [
          { id: 'vip-whatsapp', name: 'VIPs may write on WhatsApp', conditionSets: [[{ type: 'custom', url: `${checkUrl}?draft=1` }]], actions: [{ type: 'set_template', entryPoints: ['whatsapp', 'email'] }] },
          { id: 'email-only', name: 'Everyone else: email', actions: [{ type: 'set_template', entryPoints: ['email'] }] },
        ],
      },
    })).json();
    siteId = site.id;
    snippet = site.snippet;
    await signInAsAdmin(admin, h.parley.url, h.parley.credentials!);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await new Promise((resolve) => check?.close(resolve));
    await h?.stop();
  });

  it('mapping mode saves the Buy button with a picture of it, and the console lists it with the picture', async () => {
    await admin.goto(`${h.parley.url}/websites/${siteId}`);
    const section = admin.locator('[data-testid=mapped-elements]');
    await section.locator('text=No elements mapped yet').waitFor(SLOW);
    await admin.getByLabel('Page to map').fill(`${shopOrigin}/shop/ethiopia`);
    const [mapping] = await Promise.all([admin.context().waitForEvent('page'), admin.click('button:has-text("Map elements")')]);
    const mapErrors = watchErrors(mapping);
    await mapping.setViewportSize({ width: 1200, height: 760 });
    await mapping.locator('#parley-mapper .bar').waitFor(SLOW);

    await mapping.hover('button.buy');
    await mapping.click('button.buy');
    // The picture is drawn in the page and previewed in the form before saving.
    const preview = mapping.locator('#parley-mapper img.crop:not([hidden])');
    await preview.waitFor(SLOW);
    expect(await preview.evaluate((img: HTMLImageElement) => [img.src.slice(0, 22), img.naturalWidth > 100])).toEqual(['data:image/webp;base64', true]);
    await mapping.locator('#parley-mapper input[aria-label="Element name"]').fill('Buy button');
    await mapping.locator('#parley-mapper input[aria-label="Pages"]').fill('/shop/*');
    await mapping.locator('#parley-mapper button:has-text("Save")').click();
    await expect.poll(() => mapping.locator('#parley-mapper .saved').innerText(), SLOW).toContain('Buy button');
    // A second element: the newsletter form.
    await mapping.click('#newsletter', { position: { x: 5, y: 5 } });
    await mapping.locator('#parley-mapper input[aria-label="Element name"]').fill('Newsletter form');
    await mapping.locator('#parley-mapper button:has-text("Save")').click();
    await expect.poll(() => mapping.locator('#parley-mapper .saved').innerText(), SLOW).toContain('Newsletter form');
    await mapping.close();

    const list = (await (await h.api(`/api/v1/sites/${siteId}/elements`)).json()).items;
    expect(list.map((e: { name: string }) => e.name)).toEqual(['Buy button', 'Newsletter form']);
    const buy = list[0];
    elementId = buy.id;
    // 2× for sharpness, within 480 px a side.
    expect(buy.crop).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    expect(buy.crop.width).toBeGreaterThan(100);
    expect(buy.crop.width).toBeLessThanOrEqual(480);
    const picture = await h.api(buy.crop.url);
    expect(picture.headers.get('content-type')).toBe('image/webp');
    expect((await picture.arrayBuffer()).byteLength).toBeLessThanOrEqual(60 * 1024);

    await admin.bringToFront();
    await section.locator('button:has-text("Refresh")').click();
    const row = section.locator(`tr[data-element="${elementId}"]`);
    const img = row.locator('img[data-testid=element-crop]');
    await img.waitFor(SLOW);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth), SLOW).toBe(buy.crop.width);
    expect(await img.getAttribute('alt')).toBe('Picture of Buy button');
    await section.scrollIntoViewIfNeeded();
    await shot(section, 'website-mapped-elements-crops.png');
    expect(mapErrors).toEqual([]);
  });

  it('the rule editor picks the element by picture and name, the interaction in words, and publishes its id', async () => {
    const draft = {
      nodes: [
        { id: 'trigger_1', kind: 'trigger', trigger: 'visitor.element', config: { interaction: 'any' }, position: { x: 0, y: 0 } },
        { id: 'condition_1', kind: 'condition', all: [{ field: 'visitor.elementName', op: 'equals', value: '' }], position: { x: 0, y: 160 } },
        { id: 'action_1', kind: 'action', action: 'add_tag', input: { tag: 'buy-intent' }, position: { x: 0, y: 320 } },
      ],
      edges: [{ id: 'e1', source: 'trigger_1', target: 'condition_1' }, { id: 'e2', source: 'condition_1', target: 'action_1' }],
    };
    const rule = await (await h.api('/api/v1/rules', { method: 'POST', json: { name: 'Buy clicked → tag', draft } })).json();
    await admin.goto(`${h.parley.url}/rules/${rule.id}`);
    await admin.locator('.react-flow__node[data-id="trigger_1"] .rf-node').click();
    const picker = admin.locator('[data-testid=element-picker]');
    await picker.waitFor(SLOW);
    const buy = picker.getByRole('radio', { name: /Buy button/ });
    await buy.waitFor(SLOW);
    // Each element with its picture and the pages it was mapped on; no ids to know.
    const choice = picker.locator(`[data-element="${elementId}"]`);
    expect(await choice.innerText()).toContain('on /shop/*');
    await expect.poll(() => choice.locator('img[data-testid=element-crop]').evaluate((i: HTMLImageElement) => i.naturalWidth), SLOW).toBeGreaterThan(0);
    expect(await picker.getByRole('radio', { name: /Newsletter form/ }).count()).toBe(1);
    expect(await picker.getByRole('radio', { name: /Any mapped element/ }).isChecked()).toBe(true);
    await buy.check();
    await admin.getByLabel('Interaction').selectOption({ label: 'Clicks it' });
    expect(await admin.locator('.side-panel').innerText()).not.toContain(elementId);
    await admin.addStyleTag({ content: '.toasts { display: none !important; }' });
    await shot(admin, 'rule-editor-element-picker.png');

    // The condition's element name is picked from the mapped elements' names.
    await admin.locator('.react-flow__node[data-id="condition_1"] .rf-node').click();
    const value = admin.getByLabel('Test 1 value');
    await expect.poll(async () => (await value.locator('option').allInnerTexts()).filter(Boolean), SLOW).toEqual(['Buy button', 'Newsletter form']);
    await value.selectOption('Buy button');

    await admin.click('header button:has-text("Publish")');
    await admin.click('.dialog button:has-text("Publish")');
    await admin.waitForSelector('.editor-head .chip:has-text("v1 live")', SLOW);
    const published = await (await h.api(`/api/v1/rules/${rule.id}/versions/1`)).json();
    const byId = Object.fromEntries(published.graph.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId.trigger_1).toMatchObject({ trigger: 'visitor.element', config: { element: elementId, interaction: 'click' } });
    expect(byId.condition_1.all).toEqual([expect.objectContaining({ field: 'visitor.elementName', op: 'equals', value: 'Buy button' })]);
  });

  it('the Guide rules form refuses a plain-http custom URL and saves the local one', async () => {
    await admin.goto(`${h.parley.url}/websites/${siteId}`);
    const card = admin.locator('[data-testid="guide-rule-vip-whatsapp"]');
    const url = card.getByLabel('URL');
    await url.waitFor(SLOW);
    await url.fill('http://crm.cafe-aroma.example/vip-check');
    await expect.poll(() => card.locator('.field-error').innerText(), SLOW).toMatch(/Use https \(http only for localhost\)/);
    await url.fill(checkUrl);
    await expect.poll(() => card.locator('.field-error').count(), SLOW).toBe(0);
    expect(await card.getByTestId('custom-condition-help').innerText()).toContain('{ "result": true }');
    await card.scrollIntoViewIfNeeded();
    await shot(card, 'website-guide-custom-condition.png');
    await admin.locator('button.btn-primary:has-text("Save")').click();
    await expect.poll(async () => (await (await h.api(`/api/v1/sites/${siteId}`)).json()).guideRules[0].conditionSets[0][0].url, SLOW).toBe(checkUrl);
    expect(errors).toEqual([]);
  });

  it('a visitor sees WhatsApp only on pages where the custom URL answers true', async () => {
    const visitor = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const visitorErrors = watchErrors(visitor);
    const entryPoints = async () => {
      const launcher = visitor.locator('#parley-widget button.launcher');
      if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click(SLOW);
      return visitor.locator('#parley-widget .ep').allInnerTexts();
    };

    // (Mapping mode ran the Guide too, with the earlier URL: only visitors' questions count here.)
    asked.length = 0;
    await visitor.goto(`${shopOrigin}/shop/ethiopia`);
    await expect.poll(() => asked.length, SLOW).toBe(1);
    expect(Object.fromEntries(asked[0])).toMatchObject({ page: `${shopOrigin}/shop/ethiopia`, visitor: expect.stringMatching(/^v_/), language: expect.any(String), tags: '' });
    await visitor.waitForTimeout(500);
    expect(await entryPoints()).toEqual(['Email']);

    await visitor.goto(`${shopOrigin}/shop/vip/geisha`);
    await expect.poll(entryPoints, SLOW).toEqual(['WhatsApp', 'Email']);
    expect(asked.map((q) => q.get('page'))).toEqual([`${shopOrigin}/shop/ethiopia`, `${shopOrigin}/shop/vip/geisha`]);
    // Kept for the page: the minute's re-evaluation does not ask again.
    expect(asked).toHaveLength(2);
    expect(visitorErrors).toEqual([]);
  });
});
