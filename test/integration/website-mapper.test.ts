// The Engagement Mapper end to end in Chromium (web security on): an admin opens a page of a
// local shop in mapping mode from the console ("Map elements"), hovers and clicks the Buy button,
// names it and saves; the console lists it. A page opened with a forged mapper token cannot save.
// A visitor who has a web chat case clicks Buy twice; a published rule on "Mapped element
// interacted" (clicks in the last 2 minutes > 1) runs and tags the visitor's case, and the
// visitor's snippet reports that the element still matches; after the locator stops finding it, the
// console says it no longer matches. Screenshot: the mapping overlay.
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
const SLOW = { timeout: 20_000, interval: 100 };

async function startShop(port: number, snippet: () => string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Café Aroma · Ethiopia</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fffaf3;color:#3b2f2f} header{background:#7c2d12;color:#fff;padding:18px 32px;font-size:22px}
main{padding:32px;max-width:760px} .product{display:flex;gap:28px;align-items:flex-start;border:1px solid #e7d8c9;border-radius:12px;background:#fff;padding:24px}
.photo{width:180px;height:180px;border-radius:10px;background:linear-gradient(135deg,#92400e,#451a03)} .price{font-size:24px;margin:8px 0 18px}
button.buy{background:#166534;color:#fff;border:0;border-radius:8px;padding:12px 28px;font-size:18px;cursor:pointer}</style></head>
<body><header>Café Aroma</header><main><div class="product"><div class="photo"></div><div><h1>Ethiopia Yirgacheffe</h1><p>Floral, citrus, 250 g.</p>
<div class="price">12.50 €</div><button class="buy" data-sku="eth-250" onclick="document.getElementById('added').textContent='Added to the basket'">Buy</button>
<p id="added"></p></div></div></main>${snippet()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('Engagement Mapper: map the Buy button, a visitor clicks it twice, a rule runs', () => {
  let h: Harness;
  let browser: Browser;
  let admin: Page;
  let shop: Server;
  let shopOrigin: string;
  let snippet = '';
  let siteId = '';
  let elementId = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const port = await freePort();
    shopOrigin = `http://127.0.0.1:${port}`;
    shop = await startShop(port, () => snippet);
    browser = await launchBrowser({ webSecurity: true });
    admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const site = await (await h.api('/api/v1/sites', { method: 'POST', json: { name: 'Café Aroma', allowedOrigins: [shopOrigin], entryPoints: [{ type: 'webchat' }], language: 'en' } })).json();
    siteId = site.id;
    snippet = site.snippet;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.stop();
  });

  it('the admin opens mapping mode from the console, maps the Buy button, and the console lists it', async () => {
    const errors = watchErrors(admin);
    await signInAsAdmin(admin, h.parley.url, h.parley.credentials!);
    await admin.goto(`${h.parley.url}/websites/${siteId}`);
    const section = admin.locator('[data-testid=mapped-elements]');
    await section.locator('text=No elements mapped yet').waitFor(SLOW);
    await admin.getByLabel('Page to map').fill(`${shopOrigin}/shop/ethiopia`);
    const [mapping] = await Promise.all([admin.context().waitForEvent('page'), admin.click('button:has-text("Map elements")')]);
    const mapErrors = watchErrors(mapping);
    await mapping.setViewportSize({ width: 1200, height: 760 });
    await mapping.locator('#parley-mapper .bar').waitFor(SLOW);
    // The token is taken out of the address at once (it is not left in the history or shared links).
    expect(mapping.url()).toBe(`${shopOrigin}/shop/ethiopia`);

    await mapping.hover('button.buy');
    await mapping.locator('#parley-mapper .box:not([hidden])').waitFor(SLOW);
    await mapping.click('button.buy');
    // The page did not act on the click: mapping mode held it back.
    expect(await mapping.locator('#added').innerText()).toBe('');
    await mapping.locator('#parley-mapper input[aria-label="Element name"]').fill('Buy button');
    expect(await mapping.locator('#parley-mapper .loc').innerText()).toBe('[data-sku="eth-250"]');
    expect(await mapping.locator('#parley-mapper input[aria-label="Pages"]').inputValue()).toBe('/shop/ethiopia');
    await mapping.locator('#parley-mapper input[aria-label="Pages"]').fill('/shop/*');
    mkdirSync(SHOTS, { recursive: true });
    await mapping.screenshot({ path: join(SHOTS, 'website-mapper.png'), animations: 'disabled', timeout: 30_000 });
    await mapping.locator('#parley-mapper button:has-text("Save")').click();
    await expect.poll(() => mapping.locator('#parley-mapper .saved').innerText(), SLOW).toContain('Buy button');

    const list = (await (await h.api(`/api/v1/sites/${siteId}/elements`)).json()).items;
    expect(list).toMatchObject([{ name: 'Buy button', pageUrlPattern: '/shop/*', locator: { data: { name: 'data-sku', value: 'eth-250' }, text: 'Buy' }, status: 'not_checked' }]);
    elementId = list[0].id;
    await admin.bringToFront();
    await section.locator('button:has-text("Refresh")').click();
    await expect.poll(() => section.locator('tbody tr').allInnerTexts(), SLOW).toEqual([expect.stringContaining('Buy button')]);
    expect(await section.locator('tbody tr').innerText()).toContain('Not checked yet');
    expect(errors).toEqual([]);
    expect(mapErrors).toEqual([]);
  });

  it('a page opened with a forged mapper token cannot save an element', async () => {
    const forged = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    const body = Buffer.from(JSON.stringify({ s: siteId, k: 'key_x', exp: Date.now() + 600_000 })).toString('base64url');
    await forged.goto(`${shopOrigin}/shop/ethiopia#parley-map=${body}.${'A'.repeat(43)}`);
    await forged.locator('#parley-mapper .bar').waitFor(SLOW);
    await forged.click('button.buy');
    await forged.locator('#parley-mapper input[aria-label="Element name"]').fill('Sneaky');
    await forged.locator('#parley-mapper button:has-text("Save")').click();
    await expect.poll(() => forged.locator('#parley-mapper .msg.error').innerText(), SLOW).toContain('signature is not valid');
    expect((await (await h.api(`/api/v1/sites/${siteId}/elements`)).json()).items.map((e: { name: string }) => e.name)).toEqual(['Buy button']);
  });

  it('a visitor with a web chat case clicks Buy twice: the rule on the mapped element runs and tags the case', async () => {
    const accountId = (h.parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Buy twice → help',
      graph: chain({ trigger: 'visitor.element', config: { element: elementId, interaction: 'click' } },
        { kind: 'condition', all: [{ field: 'visitor.countInLast.2', op: 'greater', value: 1 }] },
        { kind: 'action', action: 'add_tag', input: { tag: 'buy-intent' } }),
    });

    const visitor = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/shop/ethiopia`);
    await visitor.locator('#parley-widget button.launcher').click(SLOW);
    await visitor.locator('#parley-widget .ep[data-entry-point=webchat]').click(SLOW);
    await visitor.locator('#parley-widget .composer textarea').fill('Hello, is this coffee in stock?');
    await visitor.locator('#parley-widget .composer .send').click();
    const caseId = (await eventually(async () => (await (await h.api('/api/v1/cases?limit=5')).json()).items[0], 20_000, 100)).id as string;

    await visitor.click('button.buy');
    await visitor.click('button.buy');
    expect(await visitor.locator('#added').innerText()).toBe('Added to the basket');

    const runs = await eventually(async () => {
      const items = (await (await h.api(`/api/v1/rules/${rule.id}/runs`)).json()).items as { status: string; caseId: string | null }[];
      return items.some((r) => r.status !== 'running') ? items : null;
    }, 30_000, 200);
    // The first click counted 1 (no run); the second counted 2 and ran the rule on the visitor's case.
    expect(runs).toMatchObject([{ status: 'completed', caseId }]);
    await expect.poll(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).tags, SLOW).toContain('buy-intent');

    // In real Chromium the element was also seen for a second (IntersectionObserver) and, the pointer
    // resting on it after the clicks, hovered for 800 ms.
    const interactions = () => (h.parley.db.$client.prepare(`select json_extract(detail, '$.interaction') i from visitor_events where type = 'element' and json_extract(detail, '$.elementId') = ? order by id`)
      .all(elementId) as { i: string }[]).map((r) => r.i).sort();
    await expect.poll(interactions, SLOW).toEqual(['click', 'click', 'hover', 'visible']);
    // Mapping mode reported nothing: the admin is not a visitor.
    expect((h.parley.db.$client.prepare('select count(distinct visitor_id) n from visitor_events').get() as { n: number }).n).toBe(1);

    // The visitor's snippet found the element on a matching page: the console says it matches.
    await expect.poll(async () => (await (await h.api(`/api/v1/sites/${siteId}/elements`)).json()).items[0].status, SLOW).toBe('matches');
    expect(errors).toEqual([]);
  });

  it('when the page changes and the locator finds nothing, the console says the element no longer matches', async () => {
    // As if the shop had been redesigned: the saved locator points at nothing on the page any more.
    const patched = await h.api(`/api/v1/sites/${siteId}/elements/${elementId}`, { method: 'PATCH', json: { locator: { css: 'main > form > button', text: 'Buy now' } } });
    expect((await patched.json()).status).toBe('not_checked');
    const visitor = await browser.newPage();
    await visitor.goto(`${shopOrigin}/shop/ethiopia`);
    await expect.poll(async () => (await (await h.api(`/api/v1/sites/${siteId}/elements`)).json()).items[0].status, SLOW).toBe('no_longer_matches');
    await admin.bringToFront();
    const section = admin.locator('[data-testid=mapped-elements]');
    await section.locator('button:has-text("Refresh")').click();
    await expect.poll(() => section.locator('tbody tr .chip').innerText(), SLOW).toBe('No longer matches on /shop/ethiopia');
  });
});
