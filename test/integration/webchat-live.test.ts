// Live web chat in Chromium (web security on, the snippet on its own shop origin, a real Parley):
// the widget talks over a WebSocket; the agent typing shows "… is typing" (then the reply hides
// it), the visitor typing shows in the agent API; a dropped socket reconnects and resumes — the
// replies sent while it was down appear once, nothing twice; and when WebSocket is blocked on the
// way, the widget falls back to server-sent events and the conversation still works.
// Screenshot: docs/screenshots/webchat-typing.png.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser';
import { freePort } from '../support/free-port';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
const SLOW = { timeout: 15_000, interval: 100 };

describe('live web chat in the browser: WebSocket, typing, resume, SSE fallback', () => {
  let h: Harness;
  let browser: Browser;
  let shop: Server;
  let shopOrigin: string;
  let snippet = '';
  /** Marta, an agent signed in to the console (web chat shows only while someone can answer). */
  let marta = '';

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const port = await freePort();
    shopOrigin = `http://127.0.0.1:${port}`;
    shop = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Librería Sol</title></head>
<body style="font-family:Georgia,serif;background:#f7f3ea;margin:0"><header style="background:#1e3a5f;color:#fff;padding:18px 32px;font-size:22px">Librería Sol</header>
<main style="padding:32px"><h1>Novedades de la semana</h1><p>Envío gratis desde 30 €.</p></main>${snippet}</body></html>`);
    });
    await new Promise<void>((resolve) => shop.listen(port, '127.0.0.1', resolve));
    const site = await (await h.api('/api/v1/sites', { method: 'POST', json: { name: 'Librería Sol', allowedOrigins: [shopOrigin] } })).json();
    const password = 'correcto-caballo-bateria';
    expect((await h.api('/api/v1/users', { method: 'POST', json: { email: 'marta@libreriasol.example', name: 'Marta López', role: 'agent', password } })).status).toBe(201);
    marta = (await (await fetch(`${h.parley.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'marta@libreriasol.example', password }) })).json()).token;
    snippet = `<script src="${h.parley.url}/w/${site.id}.js" async></script>`;
    browser = await launchBrowser({ webSecurity: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await h?.stop();
  });

  /** A visitor with fresh storage (a new visitor id); pages stay open (single-process Chromium). */
  const newVisitor = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, locale: 'es-ES' });
    await context.addInitScript(() => { try { localStorage.clear(); sessionStorage.clear(); } catch { /* no storage */ } });
    return context.newPage();
  };
  const openChat = async (page: Page) => {
    await page.goto(`${shopOrigin}/`);
    await page.locator('#parley-widget button.launcher').click({ timeout: 15_000 });
    await page.locator('#parley-widget .ep[data-entry-point=webchat]').click();
    await page.locator('#parley-widget .composer textarea').waitFor(SLOW);
  };
  const write = async (page: Page, text: string) => {
    await page.locator('#parley-widget .composer textarea').fill(text);
    await page.locator('#parley-widget .composer .send').click();
  };
  const caseWith = (text: string) => eventually(async () => {
    const items = (await (await h.api('/api/v1/cases?limit=50')).json()).items as { id: string; preview: string | null }[];
    return items.find((c) => c.preview?.includes(text)) ?? null;
  }, 15_000, 100);
  const reply = async (caseId: string, text: string) => expect((await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text }, key: marta })).status).toBe(202);
  const agentTypes = async (caseId: string) => (await h.api(`/api/v1/cases/${caseId}/typing`, { method: 'POST', json: { active: true }, key: marta })).json();
  const bubbles = (page: Page) => page.locator('#parley-widget .log .msg').allInnerTexts();

  it('talks over a WebSocket; typing shows both ways; a dropped socket resumes without losing or repeating a message', async () => {
    const page = await newVisitor();
    const errors = watchErrors(page);
    // Every /live socket goes through this route (to the real server), so the test can drop one.
    const routes: WebSocketRoute[] = [];
    const serverFrames: string[][] = [];
    await page.routeWebSocket(/\/live\?/, (ws) => {
      const server = ws.connectToServer();
      const frames: string[] = [];
      serverFrames.push(frames);
      server.onMessage((m) => { frames.push(String(m)); ws.send(m); });
      routes.push(ws);
    });
    const streams: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/stream?')) streams.push(r.url()); });
    await openChat(page);
    await write(page, '¿Tenéis la última novela de Almudena Grandes?');
    await expect.poll(() => page.locator('#parley-widget .log .msg.in:not(.pending)').count(), SLOW).toBe(1);
    expect(routes).toHaveLength(1);
    expect(serverFrames[0].some((f) => JSON.parse(f).type === 'message')).toBe(true);
    const theCase = await caseWith('Almudena');

    // The agent types: the widget says so (politely announced), and the reply hides it.
    expect((await agentTypes(theCase.id)).openConnections).toBe(1);
    const typing = page.locator('#parley-widget .typing');
    await expect.poll(() => typing.isVisible(), SLOW).toBe(true);
    expect(await typing.innerText()).toBe('Marta está escribiendo…');
    expect(await typing.getAttribute('aria-live')).toBe('polite');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'webchat-typing.png'), animations: 'disabled' });
    await reply(theCase.id, 'Sí, nos quedan tres ejemplares.');
    await expect.poll(() => bubbles(page), SLOW).toEqual(['¿Tenéis la última novela de Almudena Grandes?', 'Sí, nos quedan tres ejemplares.']);
    expect(await typing.isVisible()).toBe(false);

    // The visitor types: the agent's view of the case shows it.
    await page.locator('#parley-widget .composer textarea').pressSequentially('Me la guard', { delay: 30 });
    const customerTyping = await eventually(async () => (await (await h.api(`/api/v1/cases/${theCase.id}/typing`)).json()).customerTyping, 5_000, 100);
    expect(customerTyping.expiresAt).toBeGreaterThan(customerTyping.since);
    await page.locator('#parley-widget .composer textarea').fill('');

    // The agent's typing lapses by itself after its expiry.
    await agentTypes(theCase.id);
    await expect.poll(() => typing.isVisible(), SLOW).toBe(true);
    await expect.poll(() => typing.isVisible(), { timeout: 10_000, interval: 200 }).toBe(false);

    // The line drops; two replies are sent while it is down; the widget reconnects and resumes.
    await routes[0].close({ code: 1006 });
    await reply(theCase.id, 'Te la reservo hasta el sábado.');
    await reply(theCase.id, '¿A qué nombre?');
    await expect.poll(() => routes.length, SLOW).toBe(2);
    await expect.poll(() => bubbles(page), SLOW).toEqual([
      '¿Tenéis la última novela de Almudena Grandes?', 'Sí, nos quedan tres ejemplares.', 'Te la reservo hasta el sábado.', '¿A qué nombre?',
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    // The new socket brought exactly the two missed replies: nothing the widget already had.
    const resent = serverFrames[1].map((f) => JSON.parse(f)).filter((f) => f.type === 'message').map((f) => f.message.text);
    expect(resent).toEqual(['Te la reservo hasta el sábado.', '¿A qué nombre?']);
    expect(await bubbles(page)).toHaveLength(4);
    // Never fell back: the socket reconnected.
    expect(streams).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('falls back to server-sent events when WebSocket is blocked on the way, and the chat still works', async () => {
    const page = await newVisitor();
    let attempts = 0;
    // A proxy that refuses WebSocket: every /live socket is closed before it carries anything.
    await page.routeWebSocket(/\/live\?/, (ws) => { attempts++; ws.close({ code: 1006 }); });
    const streams: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/stream?')) streams.push(r.url()); });
    await openChat(page);
    await expect.poll(() => streams.length, SLOW).toBeGreaterThan(0);
    expect(attempts).toBeGreaterThanOrEqual(2);
    await write(page, 'Busco un regalo para mi madre');
    await expect.poll(() => page.locator('#parley-widget .log .msg.in:not(.pending)').count(), SLOW).toBe(1);
    const theCase = await caseWith('regalo');
    // The team typing reaches the widget over the event stream too.
    await agentTypes(theCase.id);
    await expect.poll(() => page.locator('#parley-widget .typing').isVisible(), SLOW).toBe(true);
    await reply(theCase.id, '¿Le gusta la novela histórica?');
    await expect.poll(() => bubbles(page), SLOW).toEqual(['Busco un regalo para mi madre', '¿Le gusta la novela histórica?']);
    // And the visitor's typing reaches the agent (over HTTP).
    await page.locator('#parley-widget .composer textarea').pressSequentially('Sí, mucho', { delay: 30 });
    await eventually(async () => (await (await h.api(`/api/v1/cases/${theCase.id}/typing`)).json()).customerTyping, 5_000, 100);
  });
});
