// Customers' language in the console (issue #9) and the inbox by last activity (issue #10), in
// headless Chromium against a real Parley: the customer panel sets a contact's language (a known
// one, any BCP 47 tag typed, back to automatic), Settings sets a channel's and the account's
// default; a case whose customer writes again rises to the top of the open inbox. A Spanish browser
// gets the console in Spanish: Settings → Routing, and the inbox's times on a 24-hour clock.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { watchErrors } from '../support/browser';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 47).toString('base64');

describe('language and activity order in the console', () => {
  let ui: ConsoleSession;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let channelId: string;
  let n = 0;

  const customerWrites = async (conversation: string, name: string, text: string, timestamp = Date.now()) => {
    const body = { type: 'message', externalMessageId: `in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name }, text, timestamp };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };
  const json = async (path: string) => (await h.api(path)).json();

  beforeAll(async () => {
    ui = await startConsole();
    ({ h, browser, page, errors } = ui);
    channelId = (await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop app', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } })).json()).id;
  }, 180_000);
  afterAll(() => ui?.stop());

  it('the inbox lists by last activity: a customer writing again moves their case to the top, live', async () => {
    const conversationOf = new Map<string, string>();
    conversationOf.set(await customerWrites('c-1', 'Lucía Fernández', 'Hola, mi pedido no ha llegado.'), 'c-1');
    conversationOf.set(await customerWrites('c-2', 'Jonas Weber', 'Can I change the delivery address?'), 'c-2');
    conversationOf.set(await customerWrites('c-3', 'Amara Okafor', 'Is the linen shirt available in XL?'), 'c-3');
    // Newest customer message first. Each case's workflow mirrors its message a moment later; that
    // is bookkeeping, not activity, so nothing needs to settle before the order is known.
    const settled = [...conversationOf.keys()].reverse();
    expect(((await json('/api/v1/cases?sort=activity')).items as { id: string }[]).map((c) => c.id)).toEqual(settled);
    await page.click('nav a:has-text("Inbox")');
    await page.locator('.live-dot.on').waitFor();
    const order = () => page.locator('.case-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    await expect.poll(order).toEqual(settled);
    // The customer at the bottom writes again: their case rises to the top without a reload.
    const bottom = settled[2];
    const [name] = { 'c-1': ['Lucía Fernández'], 'c-2': ['Jonas Weber'], 'c-3': ['Amara Okafor'] }[conversationOf.get(bottom)!]!;
    await customerWrites(conversationOf.get(bottom)!, name, '¿Alguna novedad?');
    await expect.poll(async () => (await order())[0], { timeout: 5000 }).toBe(bottom);
    await ui.shot('inbox-by-activity.png');
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
    await ui.shot('customer-language.png', page.locator('[data-testid=customer-card]'));

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
    await ui.shot('settings-language.png', page.locator('[data-testid=language-settings]'));
    await ui.shot('channel-language.png', page.locator(`[data-channel="${channelId}"]`));
    await ui.shot('settings-muted-contrast.png');
    expect(errors).toEqual([]);
  });

  it('speaks Spanish to a Spanish browser: Settings → Routing, and the inbox on a 24-hour clock', async () => {
    // Routing set up over the API, so the Spanish screen has skills, an agent and queues to show.
    const post = async (path: string, json: unknown, method = 'POST') => {
      const res = await h.api(path, { method, json });
      expect(res.status, path).toBeLessThan(300);
      return res.json();
    };
    const billing = await post('/api/v1/skills', { name: 'Facturación' });
    await post('/api/v1/skills', { name: 'Devoluciones' });
    await post(`/api/v1/channels/${channelId}/default-skill`, { skillId: billing.id }, 'PUT');
    const agent = await post('/api/v1/users', { email: 'lucia.ortega@example.com', name: 'Lucía Ortega', role: 'agent', password: 'correct horse battery' });
    await post(`/api/v1/agents/${agent.id}/skills`, { skills: [{ skillId: billing.id, proficiency: 2 }] }, 'PUT');
    await post(`/api/v1/agents/${agent.id}/status`, { status: 'available', capacity: { chat: 3, messaging: 4, email: 6, social: 2 } }, 'PUT');
    const queue = { filters: { channelTypes: [], channelIds: [], tags: ['vip'], textContains: ['factura', 'cobro doble'], customFields: {} }, skillId: billing.id, strategy: 'least_busy', offerTimeoutMs: 45_000, wrapUpMs: 30_000, isFallback: false };
    await post('/api/v1/queues', { ...queue, name: 'Facturas', priority: 10 });
    await post('/api/v1/queues', { ...queue, name: 'General', priority: 0, filters: { ...queue.filters, tags: [], textContains: [] }, skillId: null, strategy: 'longest_idle', offerTimeoutMs: null, wrapUpMs: 0, isFallback: true });
    // A customer who wrote yesterday afternoon: 15:30 reads "15:30" on a 24-hour clock, never "3:30 p. m.".
    const yesterday = new Date();
    yesterday.setDate(yesterday.getDate() - 1);
    yesterday.setHours(15, 30, 0, 0);
    await customerWrites('c-es', 'Marta Gil', 'Me han cobrado dos veces la factura.', yesterday.getTime());

    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 800 } });
    const es = await context.newPage();
    es.setDefaultTimeout(30_000);
    const esErrors = watchErrors(es);
    await es.goto(`${h.parley.url}/`);
    // (Contexts share one browser's storage here, so the admin may already be signed in.)
    if (await es.locator('#email').isVisible({ timeout: 5000 }).catch(() => false)) {
      await es.fill('#email', h.parley.credentials!.email);
      await es.fill('#password', h.parley.credentials!.password);
      await es.click('button[type=submit]');
    }
    await es.locator('nav a:has-text("Ajustes")').click();
    const routing = es.locator('[data-testid=routing-settings]');
    await routing.locator('tr[data-queue="Facturas"]').waitFor();
    await routing.locator('tr[data-agent="Lucía Ortega"]').waitFor();
    const text = await routing.innerText();
    for (const words of ['Enrutamiento: habilidades', 'Habilidad por defecto de cada canal', 'Los agentes ven todos los casos', 'Enrutamiento: agentes', 'Habilidades · nivel', 'Disponible', 'Redes sociales 0 / 2',
      'Enrutamiento: colas', 'Nueva cola', 'Prioridad 10', 'con la etiqueta #vip · menciona “factura” o “cobro doble”', 'Menos ocupado', 'Se ofrece durante 45 s', '30 s de cierre', 'Respaldo', 'Casos que no toma ninguna otra cola', 'Asignar directamente']) {
      expect(text, words).toContain(words);
    }
    // No English left: the section's own words (names people typed and the connector's name aside).
    for (const english of ['Routing', 'Skills?', 'Queues?', 'Agents?', 'Priority', 'Edit', 'Rename', 'Least busy', 'Offer for', 'wrap-up', 'Fallback', 'Available', 'Default skill', 'No particular']) {
      expect(text).not.toMatch(new RegExp(`\\b${english}\\b`));
    }
    // A queue's dialog and a form check in Spanish too.
    await routing.locator('tr[data-queue="Facturas"] button:has-text("Editar")').click();
    const dialog = es.locator('[role=dialog]');
    expect(await dialog.locator('h2').first().innerText()).toBe('Editar la cola Facturas');
    await dialog.locator('#queue-wrapup').fill('-1');
    await dialog.locator('button:has-text("Guardar cola")').click();
    expect(await dialog.locator('.field-error').innerText()).toBe('El tiempo de cierre debe ser un número de 0 a 86400.');
    await dialog.locator('button:has-text("Cancelar")').click();
    await dialog.waitFor({ state: 'detached' });
    // The page scrolls inside <main>: a viewport as tall as the section pictures all of it, with the
    // navigation beside it, at 1280 px wide.
    await es.setViewportSize({ width: 1280, height: Math.ceil((await routing.boundingBox())!.height) + 40 });
    await routing.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await ui.shot('settings-routing-es.png', es, { animations: 'disabled' });
    await es.setViewportSize({ width: 1280, height: 800 });

    // The inbox: Spanish words; the message written yesterday at 15:30 reads 15:30; every time on the 24-hour clock.
    await es.locator('nav a:has-text("Bandeja")').click();
    await es.locator('.live-dot.on').waitFor();
    const row = es.locator('.case-row', { hasText: 'Marta Gil' });
    expect(await row.locator('time.case-time').innerText()).toMatch(/^(ahora|\d+m|\d{2}:\d{2}|\d{1,2} \p{L}+\.?)$/u);
    await row.click();
    const message = es.locator('.msg', { hasText: 'Me han cobrado dos veces' });
    expect(await message.locator('.msg-meta time').innerText()).toBe('15:30');
    expect(await es.locator('.case-sub').innerText()).toMatch(/ · abierto (\d{2}:\d{2}|\d{1,2} \p{L}+\.?)$/u);
    for (const time of await es.locator('.msg-meta time').allInnerTexts()) expect(time).toMatch(/^\d{2}:\d{2}$/);
    expect(await es.locator('.case-view, main').first().innerText()).not.toMatch(/\b[AP]M\b|[ap]\. ?m\./);
    await ui.shot('inbox-case-es.png', es, { animations: 'disabled' });
    expect(esErrors).toEqual([]);
    // (left open: closing a context ends the single-process Chromium; afterAll closes the browser)
  });
});
