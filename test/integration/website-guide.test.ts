// The website snippet end to end in Chromium: an admin adds a website in the console (origin,
// entry points, a Guide rule "5 s on /pricing → offer help"), a local test site pastes the
// snippet, and a visitor sees the launcher with the chosen entry points, then the offer after
// 5 s on /pricing; clicking it opens the web chat with the offer's message. The message becomes a
// webchat case in the inbox; an agent's reply with quick replies appears in the widget, a tap is
// recorded as the answer, and after a reload the conversation is still there. Offer clicks are
// counted in the console. A page on an origin the site does not allow gets no Guide.
// Screenshots go to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { freePort } from '../support/free-port';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
const SLOW = { timeout: 15_000, interval: 100 };

/** A small shop site on its own origin that pastes the snippet. */
async function startShop(port: number, snippet: () => string): Promise<Server> {
  const page = (title: string, body: string) => `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fffaf3;color:#3b2f2f} header{background:#7c2d12;color:#fff;padding:18px 32px;font-size:22px}
main{padding:32px;max-width:760px} .plans{display:flex;gap:16px} .plan{flex:1;border:1px solid #e7d8c9;border-radius:10px;padding:18px;background:#fff}
/* A site stylesheet that would wreck an unprotected widget. */ button{all:unset;color:red!important;font-size:40px!important}</style></head>
<body><header>Café Aroma</header><main>${body}</main>${snippet()}</body></html>`;
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/pricing')) res.end(page('Precios', '<h1>Planes de suscripción</h1><div class="plans"><div class="plan"><h3>Básico</h3><p>9 €/mes</p></div><div class="plan"><h3>Barista</h3><p>19 €/mes</p></div></div>'));
    else res.end(page('Café Aroma', '<h1>Café de especialidad</h1><p>Tostado cada semana.</p>'));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('website snippet: Guide entry points and a proactive offer, configured in the console', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let shop: Server;
  let shopOrigin: string;
  let snippet = '';
  let siteId = '';

  const shot = async (p: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, name), animations: 'disabled', timeout: 30_000 });
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const port = await freePort();
    shopOrigin = `http://127.0.0.1:${port}`;
    shop = await startShop(port, () => snippet);
    // Web security on, as in a visitor's browser: the snippet's requests are cross-origin.
    browser = await launchBrowser({ webSecurity: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.stop();
  });

  it('an admin adds the website with its entry points and a Guide rule, and gets the snippet', async () => {
    const errors = watchErrors(page);
    await signInAsAdmin(page, h.parley.url, h.parley.credentials!);
    await page.click('a.nav-item:has-text("Websites")');
    await page.waitForSelector('h3:has-text("No websites yet")');
    await page.click('button:has-text("Add website")');
    await page.fill('#site-name', 'Café Aroma');
    await page.getByLabel('Origin 1').fill(`${shopOrigin}/`);
    await page.getByLabel('WhatsApp', { exact: true }).check();
    await page.getByLabel('WhatsApp Number').fill('+34600111222');
    await page.getByLabel('Email', { exact: true }).check();
    await page.getByLabel('Email Address').fill('hola@cafearoma.example');
    await page.click('button:has-text("Add rule")');
    await page.getByLabel('Offer title').fill('¿Dudas con los planes?');
    await page.getByLabel('Offer text').fill('Una persona del equipo te responde ahora.');
    await page.getByLabel('Prefilled message').fill('Tengo dudas con los planes');
    await page.click('.page-header button:has-text("Add website")');
    await page.waitForSelector('[data-testid=snippet]');
    snippet = await page.locator('[data-testid=snippet]').innerText();
    expect(snippet).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/w\/site_[a-z0-9]+\.js" async><\/script>$/);
    siteId = /\/w\/(site_[a-z0-9]+)\.js/.exec(snippet)![1];
    const saved = await (await h.api(`/api/v1/sites/${siteId}`)).json();
    // The trailing slash the admin typed is not part of an origin: it was dropped.
    expect(saved.allowedOrigins).toEqual([shopOrigin]);
    expect(saved.entryPoints.map((e: { type: string }) => e.type)).toEqual(['webchat', 'whatsapp', 'email']);
    expect(saved.guideRules[0].actions[0]).toMatchObject({ type: 'show_offer', title: '¿Dudas con los planes?' });
    // The console scrolls inside its main column: the whole form needs a taller window.
    const height = await page.evaluate(() => document.querySelector('.main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width: 1280, height: Math.max(860, height) });
    await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    await shot(page, 'website-settings.png');
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(errors).toEqual([]);
  });

  it('a visitor on the shop sees the launcher with the entry points, then the offer after 5 s on /pricing', async () => {
    const visitor = await browser.newPage({ viewport: { width: 1100, height: 720 }, locale: 'es-ES' });
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/pricing`);
    const launcher = visitor.locator('#parley-widget button.launcher');
    await launcher.waitFor(SLOW);
    // The site's hostile `button{...}` rule does not reach into the widget's shadow root.
    expect(await launcher.evaluate((b) => getComputedStyle(b).fontSize)).not.toBe('40px');
    await launcher.click();
    const entries = visitor.locator('#parley-widget .ep');
    await expect.poll(() => entries.allInnerTexts(), SLOW).toEqual(['Chat en la web', 'WhatsApp', 'Correo electrónico']);
    expect(await visitor.locator('#parley-widget a.ep[data-entry-point=whatsapp]').getAttribute('href')).toBe('https://wa.me/34600111222');
    await shot(visitor, 'website-launcher.png');
    await launcher.click();

    const offer = visitor.locator('#parley-widget [data-offer]');
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.innerText()).toContain('¿Dudas con los planes?');
    await shot(visitor, 'website-offer.png');
    await offer.locator('button.btn').first().click();
    await expect.poll(() => offer.count(), SLOW).toBe(0);

    // The offer's button opens the web chat with its message ready; the visitor sends it.
    const composer = visitor.locator('#parley-widget .composer textarea');
    await composer.waitFor(SLOW);
    expect(await composer.inputValue()).toBe('Tengo dudas con los planes');
    await visitor.locator('#parley-widget .composer .send').click();
    const bubbles = visitor.locator('#parley-widget .log .msg');
    await expect.poll(() => visitor.locator('#parley-widget .log .msg.in:not(.pending)').count(), SLOW).toBe(1);

    // In the inbox: a webchat case with the visitor's message.
    const inbox = await eventually(async () => { const r = (await (await h.api('/api/v1/cases?limit=10')).json()).items; return r.length ? r : null; }, 15_000, 100);
    const caseId = inbox[0].id as string;
    expect(inbox[0].channelId).toBe((await (await h.api(`/api/v1/sites/${siteId}`)).json()).webchatChannelId);
    const theCase = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    expect(theCase.messages.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual([['in', 'Tengo dudas con los planes']]);

    // The agent answers with quick replies; the widget shows them and the visitor taps one.
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { content: { type: 'quickReplies', text: '¡Hola! ¿Qué plan te interesa?', replies: [{ id: 'basico', title: 'Básico', payload: 'basico' }, { id: 'barista', title: 'Barista', payload: 'barista' }] } } });
    expect(reply.status).toBe(202);
    const options = visitor.locator('#parley-widget .log .msg.out .opt');
    await expect.poll(() => options.allInnerTexts(), SLOW).toEqual(['Básico', 'Barista']);
    await shot(visitor, 'website-chat.png');

    await options.nth(1).click();
    await expect.poll(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      return c.messages.at(-1);
    }, SLOW).toMatchObject({ direction: 'in', text: 'Barista', content: { answer: { optionId: 'barista' } } });

    // HTML from an agent or an integration is sanitised: formatting stays, nothing runs.
    const hostile = '<p>Envío <b>gratis</b> hoy</p><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><a href="javascript:window.__pwned=3">clic</a><a href="https://shop.example/envios">envíos</a>';
    expect((await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { content: { type: 'text', format: 'html', text: hostile } } })).status).toBe(202);
    const rich = visitor.locator('#parley-widget .log .msg.out .rich').last();
    await expect.poll(() => rich.innerText(), SLOW).toContain('Envío gratis hoy');
    expect(await rich.locator('b').innerText()).toBe('gratis');
    expect(await rich.locator('img, script').count()).toBe(0);
    expect(await rich.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([null, 'https://shop.example/envios']);
    await rich.locator('a').first().click();
    expect(await visitor.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();


    // A reload keeps the conversation (the visitor id lives in the browser).
    await visitor.reload();
    await visitor.locator('#parley-widget button.launcher').click();
    await visitor.locator('#parley-widget .ep[data-entry-point=webchat]').click();
    await expect.poll(() => bubbles.allInnerTexts(), SLOW).toEqual(['Tengo dudas con los planes', expect.stringContaining('¿Qué plan te interesa?'), 'Barista', expect.stringContaining('Envío gratis hoy')]);

    await expect.poll(async () => (await (await h.api(`/api/v1/sites/${siteId}/offers`)).json()).items, SLOW)
      .toEqual([{ ruleId: 'rule-1', offerId: expect.any(String), shown: 1, clicked: 1, dismissed: 0 }]);
    expect(errors).toEqual([]);
  });

  it('a signed-in visitor continues on another device; replies are marked read; ending the conversation resolves the case', async () => {
    // The shop's backend signs who the visitor is; the page queues Parley.identify before the snippet loads.
    const secret = (await (await h.api(`/api/v1/sites/${siteId}/identity-secret`)).json()).identitySecret;
    const token = await new SignJWT({ sub: 'cliente-77', name: 'Lucía Prieto', email: 'lucia@example.com' })
      .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    const plain = snippet;
    snippet = `<script>window.Parley = { q: [['identify', { token: '${token}' }]] };</script>${plain}`;
    // Each device starts with empty storage, so the snippet gives it a new visitor id. (This
    // single-process Chromium keeps one storage for all contexts: clear it before each page runs.)
    const device = async (viewport: { width: number; height: number }) => {
      const context = await browser.newContext({ viewport, locale: 'es-ES' });
      await context.addInitScript(() => { try { localStorage.clear(); sessionStorage.clear(); } catch { /* no storage */ } });
      return context.newPage();
    };
    try {
      // Device 1.
      const phone = await device({ width: 420, height: 760 });
      const errors = watchErrors(phone);
      await phone.goto(`${shopOrigin}/`);
      await phone.locator('#parley-widget button.launcher').click();
      await phone.locator('#parley-widget .ep[data-entry-point=webchat]').click();
      await phone.locator('#parley-widget .composer textarea').fill('Hola, soy Lucía: ¿podéis cambiar mi dirección?');
      await phone.locator('#parley-widget .composer .send').click();
      const theCase = await eventually(async () => {
        const items = (await (await h.api('/api/v1/cases?limit=20')).json()).items as { id: string; contactId: string; preview: string | null }[];
        return items.find((c) => c.preview?.includes('Lucía')) ?? null;
      }, 15_000, 100);
      const contact = await (await h.api(`/api/v1/contacts/${theCase.contactId}`)).json();
      expect(contact).toMatchObject({ name: 'Lucía Prieto', email: 'lucia@example.com' });
      const reply = await (await h.api(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'Claro, Lucía. ¿Cuál es la nueva dirección?' } })).json();

      // Device 2: the same person, signed in, sees the whole conversation — and reading it marks the reply read.
      const laptop = await device({ width: 1100, height: 720 });
      await laptop.goto(`${shopOrigin}/`);
      await laptop.locator('#parley-widget button.launcher').click();
      await laptop.locator('#parley-widget .ep[data-entry-point=webchat]').click();
      await expect.poll(() => laptop.locator('#parley-widget .log .msg').allInnerTexts(), SLOW)
        .toEqual(['Hola, soy Lucía: ¿podéis cambiar mi dirección?', 'Claro, Lucía. ¿Cuál es la nueva dirección?']);
      await expect.poll(async () => (await (await h.api(`/api/v1/cases/${theCase.id}`)).json()).messages.find((m: { id: string }) => m.id === reply.id)?.deliveryStatus, SLOW).toBe('read');

      // "End": the case is resolved.
      await laptop.locator('#parley-widget .chat .end').click();
      await expect.poll(async () => (await (await h.api(`/api/v1/cases/${theCase.id}`)).json()).status, SLOW).toBe('resolved');
      expect(await laptop.locator('#parley-widget .status').innerText()).toContain('Conversación terminada');
      expect(errors).toEqual([]);
    } finally {
      snippet = plain;
    }
  });

  it('a page on an origin the site does not allow gets no Guide', async () => {
    // (Pages stay open: this Chromium runs as a single process, and closing a page ends it.)
    const stranger = await browser.newPage();
    const warnings: string[] = [];
    stranger.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    // Same shop, reached through "localhost": another origin as far as the browser is concerned.
    await stranger.goto(`${shopOrigin.replace('127.0.0.1', 'localhost')}/pricing`);
    await expect.poll(() => warnings.join('\n'), SLOW).toContain('allowed origins');
    expect(await stranger.locator('#parley-widget').count()).toBe(0);
  });
});
