// Web chat files and forms end to end in Chromium (web security on, the shop on its own origin):
// an admin turns on the pre-chat form (email required) in the console; the visitor fills it,
// attaches a PNG from the keyboard and sends it; the case's contact has the name and email, and
// an agent signed in through the API downloads the file and gets the same bytes, then answers with
// a PDF the visitor downloads. With no agent signed in, the launcher offers to leave a message and
// the chat shows the offline form; what the visitor leaves becomes a case tagged offline-form.
// Screenshots go to docs/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from '../support/browser';
import { freePort } from '../support/free-port';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'attachments');
const SLOW = { timeout: 15_000, interval: 100 };

async function startShop(port: number, snippet: () => string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Café Aroma</title>
<style>body{font-family:Georgia,serif;margin:0;background:#fffaf3;color:#3b2f2f} header{background:#7c2d12;color:#fff;padding:18px 32px;font-size:22px} main{padding:32px;max-width:640px}</style></head>
<body><header>Café Aroma</header><main><h1>Tu pedido</h1><p>¿Algo no llegó bien? Escríbenos y mándanos una foto.</p></main>${snippet()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('web chat: pre-chat form, a visitor\'s image to the agent, and the offline form', () => {
  let h: Harness;
  let browser: Browser;
  let shop: Server;
  let shopOrigin = '';
  let snippet = '';
  let agentToken = '';
  let siteId = '';
  let admin: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'parley-upload-'));

  const shot = async (p: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, name), animations: 'disabled', timeout: 30_000 });
  };
  /**
   * A fresh visitor: storage cleared when the tab first loads (so a new visitor id; all contexts share one
   * storage in this Chromium), kept on a reload (the tab's session storage remembers it was cleared).
   */
  const visitorPage = async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 720 }, locale: 'es-ES' });
    await context.addInitScript(() => {
      try { if (!sessionStorage.getItem('test-fresh')) { localStorage.clear(); sessionStorage.setItem('test-fresh', '1'); } } catch { /* no storage */ }
    });
    return context.newPage();
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const port = await freePort();
    shopOrigin = `http://127.0.0.1:${port}`;
    shop = await startShop(port, () => snippet);
    const site = await (await h.api('/api/v1/sites', {
      method: 'POST',
      json: { name: 'Café Aroma', allowedOrigins: [shopOrigin], branding: { colour: '#7c2d12', position: 'bottom-right', title: 'Café Aroma' } },
    })).json();
    expect(site).toMatchObject({ preChat: { enabled: false, requireEmail: false }, offlineForm: true });
    siteId = site.id;
    snippet = `<script src="${h.parley.url}/w/${site.id}.js" async></script>`;
    browser = await launchBrowser({ webSecurity: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.stop();
  });

  it('an admin turns on the pre-chat form with a required email in the console', async () => {
    admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(admin);
    await signInAsAdmin(admin, h.parley.url, h.parley.credentials!);
    await admin.click('a.nav-item:has-text("Websites")');
    await admin.click('a.rule-name:has-text("Café Aroma")');
    const preChat = admin.getByLabel(/Pre-chat form/);
    await preChat.waitFor(SLOW);
    // The page loads the site (and its offer stats) once more while it settles: tick after that.
    await admin.waitForLoadState('networkidle');
    expect(await admin.getByLabel(/leave a message/).isChecked()).toBe(true);
    expect(await admin.getByLabel('Email required').count()).toBe(0);
    await preChat.check();
    await admin.getByLabel('Email required').check();
    await admin.click('.page-header button:has-text("Save")');
    await expect.poll(async () => (await (await h.api(`/api/v1/sites/${siteId}`)).json()).preChat, SLOW).toEqual({ enabled: true, requireEmail: true });
    await admin.addStyleTag({ content: '.toasts { display: none !important; }' });
    await admin.locator('section.card:has(h2:has-text("Entry points"))').screenshot({ path: join(SHOTS, 'website-webchat-forms-settings.png') });
    expect(errors).toEqual([]);
  });

  it('the visitor fills the pre-chat form, sends a PNG; the agent downloads the same bytes', async () => {
    // An agent signs in: chat is online.
    const login = await (await h.api('/api/v1/auth/login', { method: 'POST', json: h.parley.credentials! })).json();
    agentToken = login.token;

    const visitor = await visitorPage();
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/`);
    await visitor.locator('#parley-widget button.launcher').click();
    await visitor.locator('#parley-widget .ep[data-entry-point=webchat]').click();

    // The pre-chat form comes first; the composer waits.
    const preChat = visitor.locator('#parley-widget form.pform');
    await preChat.waitFor(SLOW);
    expect(await visitor.locator('#parley-widget form.composer').isHidden()).toBe(true);
    await preChat.locator('input[name=name]').fill('Lucía Gómez');
    await preChat.locator('button.send').click();
    expect(await preChat.locator('[role=alert]').innerText()).toBe('Rellena este campo.');
    await preChat.locator('input[name=email]').fill('lucia@example.com');
    await shot(visitor, 'webchat-pre-chat-form.png');
    await preChat.locator('button.send').click();
    const composer = visitor.locator('#parley-widget form.composer');
    await composer.waitFor({ state: 'visible', ...SLOW });

    // A photo of the problem, made by the browser's own PNG encoder.
    const dataUrl = await visitor.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 320; c.height = 200;
      const g = c.getContext('2d')!;
      const grad = g.createLinearGradient(0, 0, 320, 200);
      grad.addColorStop(0, '#fde68a'); grad.addColorStop(1, '#b45309');
      g.fillStyle = grad; g.fillRect(0, 0, 320, 200);
      g.fillStyle = '#3b2f2f'; g.beginPath(); g.ellipse(160, 110, 70, 50, 0, 0, Math.PI * 2); g.fill();
      g.fillStyle = '#fff'; g.font = 'bold 20px sans-serif'; g.fillText('Pedido 1042: taza rota', 52, 36);
      return c.toDataURL('image/png');
    });
    const png = Buffer.from(dataUrl.split(',')[1], 'base64');
    const file = join(tmp, 'taza-rota.png');
    writeFileSync(file, png);

    // The attach button works from the keyboard: focus it, press Enter, choose the file.
    const attach = composer.locator('button.attach');
    // Focused as a keyboard user would (Tab lands on it); the composer settles first, so nothing moves the focus.
    await expect.poll(() => attach.evaluate((el) => { (el as HTMLElement).focus(); return (el.getRootNode() as ShadowRoot).activeElement === el; }), SLOW).toBe(true);
    const [chooser] = await Promise.all([visitor.waitForEvent('filechooser', SLOW), attach.press('Enter')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(file);
    const chip = visitor.locator('#parley-widget .tray .chip');
    await expect.poll(() => chip.innerText(), SLOW).toMatch(/taza-rota\.png\s+\d+ KB/);
    await composer.locator('textarea').fill('Me llegó así la taza del pedido 1042');
    await composer.locator('button.send').click();

    // The visitor's bubble shows the image (fetched back from Parley, not just the local copy).
    const sent = visitor.locator('#parley-widget .log .msg.in:not(.pending)');
    await expect.poll(() => sent.count(), SLOW).toBe(1);
    const image = sent.locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SLOW).toBe(320);
    expect(await image.getAttribute('alt')).toBe('taza-rota.png');

    // In the inbox: the case, its contact from the pre-chat form, the message with its attachment.
    const theCase = await eventually(async () => {
      const items = (await (await h.api('/api/v1/cases?limit=10')).json()).items as { id: string }[];
      return items.length ? (await (await h.api(`/api/v1/cases/${items[0].id}`)).json()) : null;
    }, 15_000, 100);
    expect(await (await h.api(`/api/v1/contacts/${theCase.contactId}`)).json()).toMatchObject({ name: 'Lucía Gómez', email: 'lucia@example.com' });
    const message = theCase.messages.at(-1);
    expect(message.text).toBe('Me llegó así la taza del pedido 1042');
    expect(message.attachments).toEqual([expect.objectContaining({ mime: 'image/png', name: 'taza-rota.png', size: png.length })]);

    // The agent downloads it with their session: the same bytes, the type from the content, nosniff.
    const download = await fetch(`${h.parley.url}${message.attachments[0].url}`, { headers: { authorization: `Bearer ${agentToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(readFileSync(file))).toBe(true);
    // Without a key: refused.
    expect((await fetch(`${h.parley.url}${message.attachments[0].url}`)).status).toBe(401);

    // The agent answers with a return label (a PDF uploaded to Parley); the visitor sees it under their photo.
    const form = new FormData();
    form.set('file', new File([readFileSync(join(FIXTURES, 'invoice.pdf'))], 'Etiqueta de devolución.pdf'));
    form.set('channelId', theCase.channelId);
    const label = await (await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${agentToken}` } })).json();
    expect(label.mime).toBe('application/pdf');
    const answer = { text: 'Lo sentimos, Lucía. Te enviamos otra taza hoy mismo; aquí tienes la etiqueta de devolución.', attachments: [{ url: label.url, mime: label.mime, name: label.name, size: label.size }] };
    expect((await h.api(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: answer, key: agentToken })).status).toBe(202);
    const link = visitor.locator('#parley-widget .log .msg.out a.file-link');
    await expect.poll(() => link.innerText(), SLOW).toBe('Etiqueta de devolución.pdf · 12 KB');
    expect(await visitor.locator('#parley-widget .log .msg.out').innerText()).toContain('aquí tienes la etiqueta');
    await shot(visitor, 'webchat-image-attachment.png');
    // A click downloads it (fetched with the page's origin: only this visitor may).
    const [saved] = await Promise.all([visitor.waitForEvent('download'), link.click()]);
    expect(saved.suggestedFilename()).toBe('Etiqueta de devolución.pdf');

    // After a reload: no pre-chat form again, and the photo is still in the conversation.
    await visitor.reload();
    await visitor.locator('#parley-widget button.launcher').click();
    await visitor.locator('#parley-widget .ep[data-entry-point=webchat]').click();
    await expect.poll(() => visitor.locator('#parley-widget .log .msg.in img').count(), SLOW).toBe(1);
    await expect.poll(() => visitor.locator('#parley-widget .log .msg.in img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SLOW).toBe(320);
    expect(await visitor.locator('#parley-widget form.composer').isVisible()).toBe(true);
    expect(await visitor.locator('#parley-widget form.pform').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('with no agent signed in, the launcher offers to leave a message and the chat shows the offline form', async () => {
    expect((await h.api('/api/v1/auth/logout', { method: 'POST', key: agentToken })).status).toBeLessThan(300);
    // The admin signs out of the console too: nobody is signed in now.
    await admin.click('button.nav-item:has-text("Sign out")');
    await admin.waitForSelector('#password', SLOW);
    const visitor = await visitorPage();
    const errors = watchErrors(visitor);
    await visitor.goto(`${shopOrigin}/`);
    await visitor.locator('#parley-widget button.launcher').click();
    const entry = visitor.locator('#parley-widget .ep[data-entry-point=webchat]');
    await expect.poll(() => entry.innerText(), SLOW).toBe('Déjanos un mensaje');
    await entry.click();
    const form = visitor.locator('#parley-widget form.offline');
    await form.waitFor(SLOW);
    expect(await form.innerText()).toContain('Ahora no hay nadie conectado');
    expect(await visitor.locator('#parley-widget form.composer').isHidden()).toBe(true);
    await form.locator('input[name=name]').fill('Pablo Ruiz');
    await form.locator('input[name=email]').fill('pablo@example.com');
    await form.locator('textarea').fill('¿Hacéis envíos a Canarias?');
    await shot(visitor, 'webchat-offline-form.png');
    await form.locator('button.send').click();
    // The site answers offline messages in the chat (it names no email channel for them).
    await expect.poll(() => form.innerText(), SLOW).toBe('Gracias. Te responderemos aquí; vuelve a esta página para leerlo.');
    // What they left is the start of their conversation: it shows above the thanks.
    await expect.poll(() => visitor.locator('#parley-widget .log .msg.in').allInnerTexts(), SLOW).toEqual(['¿Hacéis envíos a Canarias?']);
    await shot(visitor, 'webchat-offline-form-sent.png');

    const offline = await eventually(async () => {
      const items = (await (await h.api('/api/v1/cases?limit=10')).json()).items as { id: string; tags: string[]; contactId: string }[];
      return items.find((c) => c.tags.includes('offline-form')) ?? null;
    }, 15_000, 100);
    const theCase = await (await h.api(`/api/v1/cases/${offline.id}`)).json();
    expect(theCase.messages.map((m: { text: string }) => m.text)).toEqual(['¿Hacéis envíos a Canarias?']);
    expect(await (await h.api(`/api/v1/contacts/${offline.contactId}`)).json()).toMatchObject({ name: 'Pablo Ruiz', email: 'pablo@example.com' });
    expect(errors).toEqual([]);
  });
});
