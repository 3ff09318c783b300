// A web chat visitor's files over HTTP (app.request, real SQLite, files in the data directory): the
// upload is checked by content before anything is written; the message carries it; the account's
// agents download it with authorisation and the visitor sees their own. The pre-chat form fills the
// contact; the offline form opens a case tagged `offline-form`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts } from '../../engine/db/schema';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { attachmentsDir } from '../../engine/attachments/attachment-store';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'attachments', name));

describe('attachments from web chat visitors', () => {
  let t: ReturnType<typeof testApp>;
  let siteId: string;
  let n = 0;
  beforeEach(async () => {
    t = testApp();
    siteId = (await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN] } })).json()).id;
  });
  afterEach(() => t.close());

  const visitor = (suffix: string) => `v_visitor${suffix}0000000000`;
  const upload = (visitorId: string, name: string, bytes: Uint8Array, declaredType = 'application/octet-stream', origin = ORIGIN) => {
    const form = new FormData();
    form.set('visitorId', visitorId);
    form.set('file', new File([new Uint8Array(bytes)], name, { type: declaredType }));
    return t.app.request(`/w/${siteId}/attachments`, { method: 'POST', headers: { origin }, body: form });
  };
  const say = (visitorId: string, body: Record<string, unknown>) =>
    t.app.request(`/w/${siteId}/messages`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, clientMessageId: `msg${String(++n).padStart(6, '0')}`, ...body }) });
  const storedFiles = () => {
    const dir = attachmentsDir(t.db);
    return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
  };
  const onlyCase = async () => {
    const items = (await (await t.request('/api/v1/cases')).json()).items;
    expect(items).toHaveLength(1);
    return (await t.request(`/api/v1/cases/${items[0].id}`)).json();
  };

  it('a PNG goes from the visitor to the agent byte for byte, with the type found in its content', async () => {
    const png = fixture('photo.png');
    // The page declares something else: Parley reads the content.
    const res = await upload(visitor('a'), 'captura de pantalla.png', png, 'text/html');
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const file = await res.json();
    expect(file).toMatchObject({ mime: 'image/png', name: 'captura de pantalla.png', size: png.length });
    expect(file.id).toMatch(/^file_/);

    expect((await say(visitor('a'), { text: '', attachments: [file.id] })).status).toBe(202);
    const thread = await onlyCase();
    const message = thread.messages.at(-1);
    expect(message.attachments).toEqual([expect.objectContaining({ url: `/api/v1/attachments/${file.id}`, mime: 'image/png', name: 'captura de pantalla.png', size: png.length })]);

    const download = await t.request(message.attachments[0].url, { key: t.agentKey });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''captura%20de%20pantalla.png");
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    const row = t.db.$client.prepare('select sha256, message_id, account_id from attachment_files where id = ?').get(file.id) as Record<string, string>;
    expect(row).toMatchObject({ message_id: message.id, account_id: t.accountId });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The visitor sees it in their thread, and fetches their own upload.
    const history = (await (await t.app.request(`/w/${siteId}/messages?visitorId=${visitor('a')}`, { headers: { origin: ORIGIN } })).json()).items;
    expect(history.at(-1).attachments).toEqual([{ fileId: file.id, mime: 'image/png', name: 'captura de pantalla.png', size: png.length }]);
    const own = await t.app.request(`/w/${siteId}/attachments/${file.id}?visitorId=${visitor('a')}`, { headers: { origin: ORIGIN } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(png)).toBe(true);
    // Another visitor cannot, even knowing the id.
    expect((await t.app.request(`/w/${siteId}/attachments/${file.id}?visitorId=${visitor('b')}`, { headers: { origin: ORIGIN } })).status).toBe(404);
  });

  it('downloads need a key of the same account: none is 401, another account\'s is 404', async () => {
    const file = await (await upload(visitor('a'), 'factura.pdf', fixture('invoice.pdf'))).json();
    expect(file.mime).toBe('application/pdf');
    expect((await t.request(`/api/v1/attachments/${file.id}`, { key: null })).status).toBe(401);
    t.db.insert(accounts).values({ id: 'acct_other', name: 'Other', createdAt: Date.now() }).run();
    const stranger = createApiKey(t.db, 'acct_other', 'agent');
    const refused = await t.request(`/api/v1/attachments/${file.id}`, { key: stranger });
    expect(refused.status).toBe(404);
    expect((await refused.json()).code).toBe('attachment_not_found');
    const ok = await t.request(`/api/v1/attachments/${file.id}`, { key: t.agentKey });
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="factura.pdf"/);
  });

  it('an agent sends a file in a reply: the visitor sees it in their thread and only they can fetch it', async () => {
    await say(visitor('a'), { text: '¿Me mandáis la factura?' });
    const theCase = await onlyCase();
    const form = new FormData();
    form.set('file', new File([new Uint8Array(fixture('invoice.pdf'))], 'Factura 1042.pdf', { type: 'text/plain' }));
    form.set('channelId', theCase.channelId);
    const res = await t.request('/api/v1/attachments', { method: 'POST', body: form, key: t.agentKey });
    expect(res.status).toBe(201);
    const file = await res.json();
    expect(file).toMatchObject({ mime: 'application/pdf', name: 'Factura 1042.pdf', url: `http://localhost/api/v1/attachments/${file.id}` });
    const reply = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', key: t.agentKey, json: { text: 'Aquí la tienes', attachments: [{ url: file.url, mime: file.mime, name: file.name, size: file.size }] } });
    expect(reply.status).toBe(202);

    const history = (await (await t.app.request(`/w/${siteId}/messages?visitorId=${visitor('a')}`, { headers: { origin: ORIGIN } })).json()).items;
    expect(history.at(-1)).toMatchObject({ direction: 'out', text: 'Aquí la tienes', attachments: [{ fileId: file.id, mime: 'application/pdf', name: 'Factura 1042.pdf' }] });
    const theirs = await t.app.request(`/w/${siteId}/attachments/${file.id}?visitorId=${visitor('a')}`, { headers: { origin: ORIGIN } });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('content-disposition')).toMatch(/^attachment; filename="Factura 1042.pdf"/);
    expect(Buffer.from(await theirs.arrayBuffer()).equals(fixture('invoice.pdf'))).toBe(true);
    expect((await t.app.request(`/w/${siteId}/attachments/${file.id}?visitorId=${visitor('b')}`, { headers: { origin: ORIGIN } })).status).toBe(404);

    // An agent's upload is checked by content too, and a refusal stores nothing.
    const before = t.count('attachment_files');
    const bad = new FormData();
    bad.set('file', new File([new Uint8Array(fixture('program.bin'))], 'factura.pdf', { type: 'application/pdf' }));
    const refused = await t.request('/api/v1/attachments', { method: 'POST', body: bad, key: t.agentKey });
    expect(refused.status).toBe(415);
    expect(t.count('attachment_files')).toBe(before);
  });

  it('an upload that fails a check writes no file and no row', async () => {
    const before = storedFiles().length;
    // An executable calling itself a PNG.
    const forged = await upload(visitor('a'), 'photo.png', fixture('program.bin'), 'image/png');
    expect(forged.status).toBe(415);
    expect((await forged.json()).code).toBe('attachment_type_unknown');
    // Too large (10 MB limit), though a real PNG header starts it.
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(fixture('photo.png'));
    const tooLarge = await upload(visitor('a'), 'big.png', big);
    expect(tooLarge.status).toBe(413);
    // Empty, no visitor id, a foreign origin.
    expect((await upload(visitor('a'), 'empty.png', new Uint8Array(0))).status).toBe(400);
    expect((await upload('nobody', 'photo.png', fixture('photo.png'))).status).toBe(400);
    expect((await upload(visitor('a'), 'photo.png', fixture('photo.png'), 'image/png', 'https://evil.example')).status).toBe(403);
    expect(storedFiles()).toHaveLength(before);
    expect(t.count('attachment_files')).toBe(0);
  });

  it('a message may only carry the visitor\'s own uploads', async () => {
    const mine = await (await upload(visitor('a'), 'photo.png', fixture('photo.png'))).json();
    const res = await say(visitor('b'), { text: 'mira', attachments: [mine.id] });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('attachment_unknown');
    expect(t.count('messages')).toBe(0);
    // Neither text nor files: nothing to send.
    expect((await say(visitor('a'), { text: '  ' })).status).toBe(400);
  });

  it('too many uploads from one visitor are refused for a while', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await upload(visitor('r'), 'a.csv', fixture('order.csv'))).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
  });

  it('the pre-chat form\'s name and email fill the contact of the visitor\'s case', async () => {
    expect((await say(visitor('p'), { text: 'Hola', name: 'Lucía Gómez', email: 'lucia@example.com' })).status).toBe(202);
    const thread = await onlyCase();
    const contact = await (await t.request(`/api/v1/contacts/${thread.contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Lucía Gómez', email: 'lucia@example.com' });
    expect((await say(visitor('p'), { text: 'Hola', email: 'not-an-email' })).status).toBe(400);
  });

  it('the offline form opens a web chat case tagged offline-form, with the contact\'s email, when no agent is signed in', async () => {
    const config = await (await t.app.request(`/w/${siteId}/config`, { headers: { origin: ORIGIN } })).json();
    expect(config).toMatchObject({ chatOnline: false, offlineForm: true, preChat: { enabled: false, requireEmail: false } });
    const left = await t.app.request(`/w/${siteId}/offline`, {
      method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: visitor('o'), clientMessageId: 'offline-0001', name: 'Pablo', email: 'pablo@example.com', message: '¿Hacéis envíos a Canarias?' }),
    });
    expect(left.status).toBe(202);
    const thread = await onlyCase();
    expect(thread.tags).toEqual(['offline-form']);
    expect(thread.messages.map((m: { text: string }) => m.text)).toEqual(['¿Hacéis envíos a Canarias?']);
    const site = await (await t.request(`/api/v1/sites/${siteId}`)).json();
    expect(thread.channelId).toBe(site.webchatChannelId);
    const contact = await (await t.request(`/api/v1/contacts/${thread.contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Pablo', email: 'pablo@example.com' });
    // An email is required.
    const noEmail = await t.app.request(`/w/${siteId}/offline`, {
      method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: visitor('o'), clientMessageId: 'offline-0002', message: 'hola' }),
    });
    expect(noEmail.status).toBe(400);
  });
});
