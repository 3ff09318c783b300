// The campaign form in the console asks for a Subject when the campaign goes out on an email channel
// (and only then); the draft it creates carries it, and the campaign's mails use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually } from '../support/parley-harness';

const SLOW = { timeout: 15_000, interval: 100 };

describe('console: an email campaign\'s subject', () => {
  let sink: SmtpSink;
  let ui: ConsoleSession;

  beforeAll(async () => {
    sink = await startSmtpSink();
    ui = await startConsole({ viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await ui?.stop();
    await sink?.close();
  });

  it('the Subject field shows for an email channel, and the mails carry the subject with variables filled', async () => {
    const { h, page, errors } = ui;
    const mail = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'email', name: 'Support mail', config: { address: 'hola@aroma.test', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpIgnoreTls: true } } });
    expect(mail.status).toBe(201);
    const mailChannel = await mail.json();
    expect((await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'App chat', config: { outboundUrl: 'http://127.0.0.1:9/', secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}` } } })).status).toBe(201);
    const csv = 'id,name,email\n1,Lucía Gómez,lucia@example.net\n';
    const list = await (await h.api('/api/v1/contact-lists?name=Regulars', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    await eventually(async () => (await (await h.api(`/api/v1/contact-lists/${list.id}`)).json()).status === 'ready', 15_000, 100);

    await page.click('a.nav-item:has-text("Campaigns")');
    await page.click('button:has-text("New campaign")');
    await page.fill('#c-name', 'Spring menu');
    await page.selectOption('#c-channel', { label: 'App chat (byoc)' });
    expect(await page.locator('#c-subject').count()).toBe(0);
    await page.selectOption('#c-channel', mailChannel.id);
    // Typed key by key as a person does: every keystroke re-renders the dialog, and the text must stay
    // in the field being typed in (the dialog once moved focus back to its first field on each render).
    await page.locator('#c-subject').pressSequentially('Our spring menu, {{name}}');
    await page.locator('#c-text').fill('');
    await page.locator('#c-text').pressSequentially('Hi {{name}}, the spring menu starts Monday.');
    expect(await page.inputValue('#c-name')).toBe('Spring menu');
    expect(await page.inputValue('#c-subject')).toBe('Our spring menu, {{name}}');
    await ui.shot('campaign-email-subject.png', page.locator('.dialog, [role="dialog"]').first(), { animations: 'disabled' });
    await page.click('button:has-text("Create draft")');
    await expect.poll(() => page.locator('main').innerText(), SLOW).toContain('Spring menu');

    const campaigns = (await (await h.api('/api/v1/campaigns')).json()).items as { id: string; name: string }[];
    const created = campaigns.find((c) => c.name === 'Spring menu')!;
    const detail = await (await h.api(`/api/v1/campaigns/${created.id}`)).json();
    expect(detail.message).toMatchObject({ subject: 'Our spring menu, {{name}}' });
    expect((await h.api(`/api/v1/campaigns/${created.id}/start`, { method: 'POST' })).status).toBeLessThan(300);
    const [sent] = await sink.waitFor(1, 30_000);
    expect(sent.subject).toBe('Our spring menu, Lucía Gómez');
    expect(errors).toEqual([]);
  });
});
