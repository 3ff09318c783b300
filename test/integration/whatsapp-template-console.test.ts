// An agent sends a WhatsApp template with an image header from the console, after the 24 h window
// has closed: the picker says the approved template needs an image and keeps "Send template"
// disabled until one is chosen; the file is stored, then uploaded to Meta's stand-in and sent as the
// header's media id, with the body variable the agent typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { jpeg as randomJpeg } from '../support/channel-fixtures';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { CONSOLE_TEMPLATES, connectWhatsApp, startWhatsAppGraph, type WhatsAppAccount } from '../support/whatsapp-fixtures';

const ACCOUNT: WhatsAppAccount = { phoneNumberId: '109876543210977', businessAccountId: '102290129340577', accessToken: 'EAAJB-system-user-console-template', appSecret: '5a4b3c2d1e0f5a4b3c2d1e0f5a4b3c2d' };
const { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, appSecret: APP_SECRET } = ACCOUNT;
const HOUR = 3_600_000;

describe('the console\'s template picker with a media header', () => {
  let ui: ConsoleSession;
  let graph: MetaGraphApi;
  let channelId: string;

  beforeAll(async () => {
    graph = await startWhatsAppGraph([ACCOUNT], CONSOLE_TEMPLATES);
    ui = await startConsole({ env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' }, viewport: { width: 1280, height: 860 } });
    channelId = await connectWhatsApp(ui.h, graph, ACCOUNT, { name: 'WhatsApp Tienda', mediaDelivery: 'upload' });
  }, 180_000);

  afterAll(async () => {
    await ui?.stop();
    await graph?.close();
  });

  it('asks for the header image, uploads it, and sends the template with its media id', async () => {
    const { page, h } = ui;
    // The customer wrote 30 hours ago: only an approved template can go out now.
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783877', phone_number_id: PHONE_NUMBER_ID },
        contacts: [{ profile: { name: 'Lucía Romero' }, wa_id: '34600222399' }],
        messages: [{ from: '34600222399', id: 'wamid.console-1', timestamp: String(Math.floor((Date.now() - 30 * HOUR) / 1000)), type: 'text', text: { body: '¿Cuándo llega la colección de otoño?' } }],
      } }] }],
    };
    const hook = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
    expect(hook.status, await hook.clone().text()).toBe(200);
    const [caseId] = (await hook.json()).caseIds as string[];

    await page.goto(`${h.parley.url}/inbox`);
    await page.locator(`[data-case-id="${caseId}"]`).click();
    await page.locator('.case-title h2:has-text("Lucía Romero")').waitFor();
    const picker = page.locator('.template-picker');
    await picker.locator('select').waitFor();

    // A template with a text body only: no header field.
    expect(await picker.locator('.template-header').count()).toBe(0);
    await picker.locator('select').selectOption({ label: 'autumn_lookbook (es)' });
    const header = picker.locator('.template-header');
    expect(await header.innerText()).toMatch(/Header image[\s\S]*approved with an image above its text: add the file before sending/);
    const send = picker.getByRole('button', { name: 'Send template' });
    expect(await send.isDisabled()).toBe(true);
    await ui.shot('whatsapp-template-header-needed.png', page.locator('.composer'));

    await picker.locator('label:has-text("Variable 1") input').fill('Lucía');
    const jpeg = randomJpeg(2000);
    await header.locator('input[type=file]').setInputFiles({ name: 'otoño.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await header.locator('[data-testid="template-header-file"]:has-text("otoño.jpg")').waitFor();
    expect(await send.isDisabled()).toBe(false);
    expect(await picker.locator('.composer-preview').innerText()).toBe('Hola Lucía, ya está aquí la colección de otoño.');
    await ui.shot('whatsapp-template-header.png', page.locator('.composer'));

    const since = graph.received.length;
    await send.click();
    await expect.poll(() => graph.received.slice(since).filter((r) => r.path === `/v25.0/${PHONE_NUMBER_ID}/messages`).length, { timeout: 30_000 }).toBe(1);
    const upload = graph.received.slice(since).find((r) => r.path === `/v25.0/${PHONE_NUMBER_ID}/media`)!;
    expect(upload.form?.file).toEqual({ name: 'otoño.jpg', type: 'image/jpeg', bytes: jpeg });
    const sent = graph.received.slice(since).find((r) => r.path === `/v25.0/${PHONE_NUMBER_ID}/messages`)!;
    expect(sent.body.template).toEqual({
      name: 'autumn_lookbook', language: { code: 'es' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { id: expect.stringMatching(/^media-\d+$/) } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] },
      ],
    });
    expect(graph.uploadedMedia.get(sent.body.template.components[0].parameters[0].image.id)?.file.bytes.equals(jpeg)).toBe(true);
    expect(ui.errors).toEqual([]);
  });
});
