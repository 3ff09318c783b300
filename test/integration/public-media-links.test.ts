// Files an agent uploads, sent on channels whose provider fetches media from a URL (Viber, Messenger,
// Instagram Direct, WhatsApp by link): the provider gets a signed, expiring link under
// PARLEY_PUBLIC_URL and downloads the exact bytes from Parley over real HTTP (the stand-ins do what
// the providers do); bad links are refused; without PARLEY_PUBLIC_URL the message fails with the
// reason on its delivery status. Real Parley (Temporal dev server, SQLite file, HTTP).
import { createHmac, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mediaLinkKey, signMediaToken } from '../../engine/attachments/public-media-link';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { startViberApi, type ViberApi } from '../fakes/viber-api';
import { createChannel, jpeg, uploadFile } from '../support/channel-fixtures';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const PUBLIC_URL = 'https://parley.acme.test';
const APP_SECRET = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const PAGE_ID = '106540352242922';
const PAGE_TOKEN = 'EAAG-page-token-media-links-01';
const IG_ID = '17841400000000001';
const IG_TOKEN = 'IGAAT-instagram-token-media-links';
const PHONE_NUMBER_ID = '109876543210987';
const WA_TOKEN = 'EAAJB-system-user-media-links-01';
const VIBER_TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f';

async function replyWith(h: Harness, caseId: string, json: unknown): Promise<string> {
  const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
  expect(res.status).toBe(202);
  return (await res.json()).id;
}

const messageOf = async (h: Harness, caseId: string, id: string) =>
  (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.find((m: { id: string }) => m.id === id);

const rowCount = (h: Harness) => (h.parley.db.$client.prepare('select (select count(*) from attachment_files) + (select count(*) from messages) + (select count(*) from attachments) n').get() as { n: number }).n;

describe('with PARLEY_PUBLIC_URL: providers fetch the agent’s file from a signed link', () => {
  let h: Harness;
  let viber: ViberApi;
  let graph: MetaGraphApi;
  const channels: Record<string, string> = {};
  let n = 0;
  // The public name is not reachable from the test: the stand-ins fetch from the harness instead.
  const resolve = (url: string) => (url.startsWith(`${PUBLIC_URL}/`) ? url.replace(PUBLIC_URL, h.parley.url) : undefined);

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
    viber = await startViberApi({ authToken: VIBER_TOKEN, account: { id: 'pa:1', name: 'Acme', uri: 'acme' }, resolveWebhook: (url) => url.replace(PUBLIC_URL, h.parley.url), resolveMedia: resolve });
    graph = await startMetaGraphApi({
      tokens: [PAGE_TOKEN, IG_TOKEN, WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID], tokenOwners: { [PAGE_TOKEN]: { id: PAGE_ID, name: 'Acme Shoes' } },
      instagramAccounts: { [IG_ID]: { username: 'acme.shoes' } }, resolveMedia: resolve,
    });
    const configs: Record<string, Record<string, unknown>> = {
      viber: { authToken: VIBER_TOKEN, senderName: 'Acme Support', apiBaseUrl: viber.url },
      messenger: { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url },
      'instagram-direct': { instagramAccountId: IG_ID, accessToken: IG_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url },
      whatsapp: { phoneNumberId: PHONE_NUMBER_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'wa-verify-token-1', graphApiBaseUrl: graph.url },
      'whatsapp-upload': { phoneNumberId: PHONE_NUMBER_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'wa-verify-token-2', graphApiBaseUrl: graph.url, mediaDelivery: 'upload' },
    };
    for (const [key, config] of Object.entries(configs)) {
      channels[key] = (await createChannel(h, { type: key.replace('-upload', ''), name: `Acme ${key}`, config })).id;
    }
  });
  afterAll(async () => {
    await h?.stop();
    await viber?.close();
    await graph?.close();
  });

  /** A signed inbound message on the channel: the case it opened. */
  async function inbound(key: string): Promise<string> {
    const at = Date.now();
    const id = ++n;
    let res: Response;
    if (key === 'viber') {
      const body = `{"event":"message","timestamp":${at},"chat_hostname":"SN-376_","message_token":${7_000_000_000_000_000_000n + BigInt(id)},"sender":{"id":"${String(id).padStart(11, '0')}A=","name":"Olena","api_version":10},"message":{"type":"text","text":"Send me the photo"},"silent":false}`;
      res = await fetch(`${h.parley.url}/webhooks/${channels.viber}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', VIBER_TOKEN).update(body).digest('hex') }, body });
    } else {
      const body = key.startsWith('whatsapp')
        ? { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
            messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
            contacts: [{ profile: { name: 'Lucía' }, wa_id: `3461234${String(id).padStart(4, '0')}` }],
            messages: [{ from: `3461234${String(id).padStart(4, '0')}`, id: `wamid.media${id}`, timestamp: String(Math.floor(at / 1000)), type: 'text', text: { body: 'Send me the photo' } }],
          } }] }] }
        : { object: key === 'messenger' ? 'page' : 'instagram', entry: [{ id: key === 'messenger' ? PAGE_ID : IG_ID, time: at, messaging: [{
            sender: { id: `65432198765${String(id).padStart(5, '0')}` }, recipient: { id: key === 'messenger' ? PAGE_ID : IG_ID }, timestamp: at, message: { mid: `m_media_${id}`, text: 'Send me the photo' },
          }] }] };
      res = await fetch(`${h.parley.url}/webhooks/${channels[key]}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
    }
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    await eventually(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).lastInboundAt);
    return caseId;
  }

  /** The media URL of the provider request that carried the file. */
  async function sentMediaUrl(key: string, before: number): Promise<string> {
    if (key === 'viber') {
    const picture = await eventually(() => viber.callsOf('send_message').slice(before).find((c) => c.body.type === 'picture'));
      expect(picture.body).toMatchObject({ receiver: expect.any(String), type: 'picture', sender: { name: 'Acme Support' } });
      return picture.body.media;
    }
    const { body } = await eventually(() => graph.sends().slice(before).find((s) => s.body.message?.attachment || s.body.type === 'image'));
    if (key === 'whatsapp') {
      expect(body).toMatchObject({ messaging_product: 'whatsapp', type: 'image', image: { link: expect.any(String) } });
      return body.image.link;
    }
    expect(body.message.attachment).toMatchObject({ type: 'image', payload: { url: expect.any(String) } });
    return body.message.attachment.payload.url;
  }

  const sendCount = (key: string) => (key === 'viber' ? viber.callsOf('send_message').length : graph.sends().length);
  const fetchesOf = (key: string) => (key === 'viber' ? viber.mediaFetches : graph.mediaFetches);

  for (const key of ['viber', 'messenger', 'instagram-direct', 'whatsapp']) {
    it(`${key}: agent uploads a photo and replies with it → the provider gets a link under PARLEY_PUBLIC_URL and downloads the exact bytes`, async () => {
      const caseId = await inbound(key);
      const bytes = jpeg();
      const file = await uploadFile(h, channels[key], bytes, 'Zapatos rojos.jpg');
      expect(file).toMatchObject({ mime: 'image/jpeg', name: 'Zapatos rojos.jpg', size: bytes.length });

      const before = sendCount(key);
      const fetchesBefore = fetchesOf(key).length;
      const id = await replyWith(h, caseId, { text: 'Aquí tienes la foto', attachments: [{ url: file.url, mime: 'image/jpeg', name: file.name, size: file.size }] });
      const url = await sentMediaUrl(key, before);
      expect(url).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/media/file_[a-z0-9]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}/Zapatos%20rojos\\.jpg$`));
      expect(url).not.toContain('/api/v1/');

      const fetched = await eventually(() => fetchesOf(key)[fetchesBefore]);
      expect(fetched.url).toBe(url);
      expect(fetched.status).toBe(200);
      expect(fetched.bytes.equals(bytes)).toBe(true);
      expect(fetched.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff' });
      expect(fetched.headers['content-disposition']).toBe('inline; filename="Zapatos rojos.jpg"; filename*=UTF-8\'\'Zapatos%20rojos.jpg');
      // Cacheable until the link expires (24 h), not longer.
      const maxAge = Number(/max-age=(\d+)/.exec(fetched.headers['cache-control'])?.[1]);
      expect(maxAge).toBeGreaterThan(24 * 3600 - 120);
      expect(maxAge).toBeLessThanOrEqual(24 * 3600);
      expect(Date.parse(fetched.headers.expires) - Date.now()).toBeGreaterThan(23 * 3_600_000);

      await eventually(async () => (await messageOf(h, caseId, id)).deliveryStatus === 'sent');
    });
  }

  it('whatsapp in upload mode: the stored file is read from the data directory and uploaded (no link, nothing fetched)', async () => {
    const caseId = await inbound('whatsapp-upload');
    const bytes = jpeg();
    const file = await uploadFile(h, channels['whatsapp-upload'], bytes, 'recibo.jpg');
    const fetchesBefore = graph.mediaFetches.length;
    const receivedBefore = graph.received.length;
    const id = await replyWith(h, caseId, { attachments: [{ url: file.url, mime: 'image/jpeg', name: file.name, size: file.size }] });
    await eventually(async () => (await messageOf(h, caseId, id)).deliveryStatus === 'sent');
    const requests = graph.received.slice(receivedBefore);
    const uploadCall = requests.find((r) => r.path.endsWith(`/${PHONE_NUMBER_ID}/media`));
    expect(uploadCall?.form?.fields).toMatchObject({ messaging_product: 'whatsapp', type: 'image/jpeg' });
    expect(uploadCall?.form?.file?.name).toBe('recibo.jpg');
    expect(uploadCall?.form?.file?.bytes.equals(bytes)).toBe(true);
    const send = requests.find((r) => r.path.endsWith(`/${PHONE_NUMBER_ID}/messages`));
    expect(send?.body).toMatchObject({ type: 'image', image: { id: expect.stringMatching(/^media-/) } });
    expect(send?.body.image.link).toBeUndefined();
    expect(graph.mediaFetches.length).toBe(fetchesBefore);
  });

  it('a URL that is already public (a CDN file) passes through unchanged', async () => {
    const caseId = await inbound('viber');
    const before = viber.callsOf('send_message').length;
    const id = await replyWith(h, caseId, { attachments: [{ url: 'https://cdn.acme.test/catalogue/otono.jpg', mime: 'image/jpeg', name: 'otono.jpg' }] });
    const picture = await eventually(() => viber.callsOf('send_message').slice(before).find((c) => c.body.type === 'picture'));
    expect(picture.body).toMatchObject({ type: 'picture', media: 'https://cdn.acme.test/catalogue/otono.jpg' });
    await eventually(async () => (await messageOf(h, caseId, id)).deliveryStatus === 'sent');
  });

  it('expired, tampered and foreign links are refused with 403 before any file is read; a deleted file is 404', async () => {
    const bytes = jpeg();
    const file = await uploadFile(h, channels.messenger, bytes, 'factura.jpg');
    const key = mediaLinkKey(h.dataDir);
    const get = (token: string, method = 'GET') => fetch(`${h.parley.url}/media/${token}/factura.jpg`, { method });
    const good = signMediaToken(key, file.id, Date.now() + 60_000);
    const ok = await get(good);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
    // HEAD answers the headers a provider checks first, without the body.
    const head = await get(good, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));

    const before = rowCount(h);
    const [, expires, mac] = good.split('.');
    const other = await uploadFile(h, channels.messenger, jpeg(), 'otra.jpg');
    const afterUpload = rowCount(h);
    const refusals: [string, string][] = [
      [signMediaToken(key, file.id, Date.now() - 1), 'link_expired'],
      [`${other.id}.${expires}.${mac}`, 'link_invalid'], // another file's id under this file's signature
      [`${file.id}.${(Date.now() + 10 * 86_400_000).toString(36)}.${mac}`, 'link_invalid'], // a longer life
      [signMediaToken(randomBytes(32), file.id, Date.now() + 60_000), 'link_invalid'], // another server's secret
      ['not-a-token', 'link_invalid'],
    ];
    for (const [token, code] of refusals) {
      const res = await get(token);
      expect(res.status, token).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 403, code });
    }
    expect(rowCount(h)).toBe(afterUpload);
    expect(afterUpload).toBe(before + 1);

    // The file's bytes removed from the data directory (or its row gone): 404, not the old bytes.
    const row = h.parley.db.$client.prepare('select path from attachment_files where id = ?').get(file.id) as { path: string };
    rmSync(join(h.dataDir, 'attachments', row.path));
    const gone = await get(good);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'attachment_not_found' });
    const never = await get(signMediaToken(key, 'file_0000000000000nosuchfile', Date.now() + 60_000));
    expect(never.status).toBe(404);
  });
});

describe('without PARLEY_PUBLIC_URL: a stored file cannot be linked, and the message says why', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let channel: { id: string; nextSteps: { text: string; value?: string }[] };

  beforeAll(async () => {
    graph = await startMetaGraphApi({ tokens: [PAGE_TOKEN], tokenOwners: { [PAGE_TOKEN]: { id: PAGE_ID, name: 'Acme Shoes' } }, resolveMedia: (url) => url });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channel = await createChannel(h, { type: 'messenger', name: 'Acme on Messenger', config: { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } });
  });
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  it('the set-up hints say to set PARLEY_PUBLIC_URL; a reply with an uploaded file fails permanently with that reason and reaches nobody', async () => {
    expect(channel.nextSteps.at(-1)!.text).toMatch(/^PARLEY_PUBLIC_URL is not set \(Parley's address is http:\/\/localhost:\d+\): Meta can neither call the webhook nor fetch the files agents attach/);

    const at = Date.now();
    const body = { object: 'page', entry: [{ id: PAGE_ID, time: at, messaging: [{ sender: { id: '6543219876500001' }, recipient: { id: PAGE_ID }, timestamp: at, message: { mid: 'm_nopublic_1', text: '¿La factura?' } }] }] };
    const res = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
    const { caseIds: [caseId] } = await res.json();
    await eventually(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).lastInboundAt);

    const file = await uploadFile(h, channel.id, jpeg(), 'factura.jpg');
    const sendsBefore = graph.sends().length;
    const id = await replyWith(h, caseId, { text: 'Aquí está', attachments: [{ url: file.url, mime: file.mime, name: file.name, size: file.size }] });
    const failed = await eventually(async () => { const m = await messageOf(h, caseId, id); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toMatch(/^Facebook Messenger fetches attachments from a public URL, so the file factura\.jpg cannot be sent: PARLEY_PUBLIC_URL is not set \(Parley's address is http:\/\/localhost:\d+, which the provider cannot reach\)\. Set PARLEY_PUBLIC_URL to the https address/);
    // Permanent: nothing of the message (not even its text) went out, and it was not retried.
    expect(graph.sends().length).toBe(sendsBefore);
    expect(graph.mediaFetches).toHaveLength(0);
  });
});
