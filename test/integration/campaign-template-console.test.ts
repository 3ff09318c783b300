// A supervisor creates a WhatsApp campaign from the console: WhatsApp only delivers approved
// templates to customers who did not write lately, so the "New campaign" dialog offers the channel's
// templates instead of free text. For a template approved with an IMAGE header it asks for the image
// (stored as an attachment), takes the body variable as {{name}}, previews the body, and the
// campaign sends each recipient the template with the uploaded image's media id and their own name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetaGraphApi } from '../fakes/meta-graph-api';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually } from '../support/parley-harness';
import { png } from '../support/png';
import { CONSOLE_TEMPLATES, connectWhatsApp, startWhatsAppGraph, type WhatsAppAccount } from '../support/whatsapp-fixtures';

const ACCOUNT: WhatsAppAccount = { phoneNumberId: '109876543210981', businessAccountId: '102290129340581', accessToken: 'EAAJB-system-user-campaign-template', appSecret: '5a4b3c2d1e0f5a4b3c2d1e0f5a4b3c2d' };
const PHONE_NUMBER_ID = ACCOUNT.phoneNumberId;

describe('console: a WhatsApp campaign with an approved template', () => {
  let ui: ConsoleSession;
  let graph: MetaGraphApi;
  let whatsappId: string;

  beforeAll(async () => {
    graph = await startWhatsAppGraph([ACCOUNT], CONSOLE_TEMPLATES);
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' }, viewport: { width: 1280, height: 1000 } });
    whatsappId = await connectWhatsApp(ui.h, graph, ACCOUNT, { name: 'WhatsApp Tienda', mediaDelivery: 'upload' });
    const chat = await ui.h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'App chat', config: { outboundUrl: 'http://127.0.0.1:9/', secret: `whsec_${Buffer.alloc(32, 5).toString('base64')}` } } });
    expect(chat.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await ui?.stop();
    await graph?.close();
  });

  it('asks for the header image and {{name}}, previews the body, and each recipient gets the uploaded image with their own name', async () => {
    const { h, page, errors } = ui;
    const csv = 'id,name,phone\n1,Lucía,+34 600 222 401\n2,Marco,+34 600 222 402\n';
    const list = await (await h.api('/api/v1/contact-lists?name=Clientas%20otoño', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    await eventually(async () => (await (await h.api(`/api/v1/contact-lists/${list.id}`)).json()).status === 'ready', 15_000, 100);

    await page.click('a.nav-item:has-text("Campaigns")');
    await page.click('button:has-text("New campaign")');
    const dialog = page.locator('[role="dialog"]').first();
    await page.fill('#c-name', 'Colección de otoño');
    const create = dialog.getByRole('button', { name: 'Create draft' });

    // A channel without templates writes free text; WhatsApp offers its approved templates instead.
    await page.selectOption('#c-channel', { label: 'App chat (byoc)' });
    await page.locator('#c-text').waitFor();
    expect(await page.locator('#c-template').count()).toBe(0);
    await page.selectOption('#c-channel', whatsappId);
    await page.locator('#c-template').waitFor();
    expect(await page.locator('#c-text').count()).toBe(0);
    expect(await page.locator('#c-template option').allInnerTexts()).toEqual(['order_update (es)', 'autumn_lookbook (es)']);

    await page.selectOption('#c-template', { label: 'autumn_lookbook (es)' });
    expect(await dialog.innerText()).toContain('This template was approved with an image above its text: add the file before sending.');
    await page.fill('#c-var-1', '{{name}}');
    expect(await create.isDisabled()).toBe(true);
    const image = png(320, 180);
    await dialog.locator('input[type=file][aria-label="Header image"]').setInputFiles({ name: 'lookbook-otoño.png', mimeType: 'image/png', buffer: image });
    await dialog.locator('[data-testid="template-header-file"]:has-text("lookbook-otoño.png")').waitFor();
    expect(await create.isDisabled()).toBe(false);
    expect(await dialog.locator('[data-testid="template-preview"]').innerText()).toBe('Hola {{name}}, ya está aquí la colección de otoño.');
    await dialog.locator('[data-testid="template-preview"] img').evaluate((img: HTMLImageElement) => img.decode());
    await ui.shot('campaign-template.png', dialog, { animations: 'disabled' });

    await create.click();
    const card = page.locator('[data-testid^="campaign-"]:has-text("Colección de otoño")');
    await card.getByRole('button', { name: 'Start' }).click();

    const sends = () => graph.received.filter((r) => r.method === 'POST' && r.path === `/v25.0/${PHONE_NUMBER_ID}/messages`);
    await expect.poll(() => sends().length, { timeout: 60_000 }).toBe(2);
    const uploads = graph.received.filter((r) => r.method === 'POST' && r.path === `/v25.0/${PHONE_NUMBER_ID}/media`);
    expect(uploads).toHaveLength(1);
    expect(uploads[0].form?.file).toEqual({ name: 'lookbook-otoño.png', type: 'image/png', bytes: image });
    const [mediaId] = graph.uploadedMedia.keys();
    const byRecipient = Object.fromEntries(sends().map((s) => [String(s.body.to).replace(/\D/g, ''), s.body.template]));
    for (const [to, name] of [['34600222401', 'Lucía'], ['34600222402', 'Marco']]) {
      expect(byRecipient[to]).toEqual({
        name: 'autumn_lookbook', language: { code: 'es' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: mediaId } }] },
          { type: 'body', parameters: [{ type: 'text', text: name }] },
        ],
      });
    }
    expect(graph.uploadedMedia.get(mediaId)?.file.bytes.equals(image)).toBe(true);
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toMatch(/2 sent|2 delivered|Completed/);
    expect(errors).toEqual([]);
  });
});
