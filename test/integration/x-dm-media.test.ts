// Files both ways on X DMs, end to end: a customer's DM with a photo keeps X's TON media URL; the
// agent opening it gets the bytes (Parley signs the GET with OAuth 1.0a; the stand-in checks the
// signature with its own implementation), once; the agent's image reply is uploaded with
// POST /2/media/upload and the DM names its media_id. Video and animated GIF go through X's chunked
// upload (initialize / append / finalize / STATUS; the stand-in checks segment order and the total,
// and reports processing pending once, then succeeded); a video X fails to process fails the message
// with X's reason; a slow processing is waited for, and a retry after X refused the DM reuses the upload;
// an upload broken off mid-way (an APPEND answered 503) is continued by Temporal's retry from the next
// segment with the same media id, from the progress the delivery activity kept in its heartbeat details;
// a PDF is refused on upload, as the manifest says.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startXApi, type XApi } from '../fakes/x-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const CREDS = { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'consumer-secret-for-the-x-app-0123456789', accessToken: '1111111111111111111-AbCdEfGhIjKlMnOp', accessTokenSecret: 'access-token-secret-0123456789abcdef' };
const ME = { id: '1111111111111111111', username: 'cafearoma' };
const CUSTOMER = '2222222222222222222';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
/** An MP4's `ftyp` box and then filler: the stand-in checks sizes, not codecs. Over 4 MiB: two segments. */
const MP4 = Buffer.concat([Buffer.from('00000018667479706973736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(4 * 1024 * 1024 + 300_000, 0x2a)]);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'ascii'), Buffer.alloc(200_000, 0x11)]);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f', 'hex');

describe('X DM media, in and out', () => {
  let h: Harness;
  let x: XApi;
  let channel: { id: string };

  beforeAll(async () => {
    x = await startXApi({ creds: CREDS, me: ME });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'x-dm', name: 'Café Aroma on X', config: { ...CREDS, apiBaseUrl: x.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => {
    await h?.stop();
    await x?.close();
  });

  it('a customer\'s photo: the agent opens it (signed GET, once); the agent\'s image reply is uploaded and attached', async () => {
    const mediaUrl = x.addMedia('photo.jpg', JPEG, 'image/jpeg');
    const event = {
      type: 'message_create', id: '1800000000000000001', created_timestamp: String(Date.now()),
      message_create: { target: { recipient_id: ME.id }, sender_id: CUSTOMER, message_data: { text: 'broken cup https://t.co/abc123', attachment: { type: 'media', media: { type: 'photo', media_url_https: mediaUrl } } } },
    };
    const raw = JSON.stringify({ data: { event_uuid: '-1', filter: { user_id: ME.id }, event_type: 'dm.received', tag: 'dm', payload: { direct_message_events: [event], users: {} } } });
    const hook = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', CREDS.consumerSecret).update(raw).digest('base64')}` }, body: raw });
    expect(hook.status).toBe(200);
    const { caseIds: [caseId] } = await hook.json();
    const view = await (await h.api(`/api/v1/cases/${caseId}`, { key: h.agentKey })).json();
    const [attachment] = view.messages[0].attachments;
    expect(attachment.url).toBe(mediaUrl);

    const bad = x.badSignatures;
    const first = await h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(x.badSignatures).toBe(bad);
    expect(x.mediaDownloads).toBe(1);
    // The second read is Parley's stored copy: X is not asked again.
    const second = await h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
    expect(Buffer.from(await second.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(x.mediaDownloads).toBe(1);

    const form = new FormData();
    form.set('file', new File([new Uint8Array(PNG)], 'return-label.png'));
    form.set('channelId', channel.id);
    const file = await (await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form })).json();
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Here is your return label.', attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
    expect(reply.status).toBe(202);
    await eventually(async () => x.dms.length === 1, 15_000, 100);
    const [upload] = x.uploads;
    expect(upload).toMatchObject({ category: 'dm_image', type: 'image/png', shared: true });
    expect(upload.bytes.equals(PNG)).toBe(true);
    expect(x.dms[0]).toMatchObject({ to: CUSTOMER, body: { text: 'Here is your return label.', attachments: [{ media_id: upload.id }] } });
  });

  const storeFile = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], name));
    form.set('channelId', channel.id);
    return fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form });
  };
  const caseId = async () => ((await (await h.api(`/api/v1/cases?channelId=${channel.id}`, { key: h.agentKey })).json()).items as { id: string }[])[0].id;
  const message = async (id: string) => (await (await h.api(`/api/v1/cases/${await caseId()}`, { key: h.agentKey })).json()).messages.find((m: { id: string }) => m.id === id);

  it('the agent replies with an mp4 and a GIF: both go through X\'s chunked upload and arrive as DM media', async () => {
    const video = await (await storeFile(MP4, 'unboxing.mp4')).json();
    const gif = await (await storeFile(GIF, 'thanks.gif')).json();
    expect([video.mime, gif.mime]).toEqual(['video/mp4', 'image/gif']);
    const before = { dms: x.dms.length, uploads: x.uploads.length };
    const reply = await h.api(`/api/v1/cases/${await caseId()}/messages`, { method: 'POST', key: h.agentKey, json: {
      text: 'How to open the box, and a thank-you.',
      attachments: [{ url: video.url, mime: video.mime, name: video.name }, { url: gif.url, mime: gif.mime, name: gif.name }],
    } });
    expect(reply.status).toBe(202);
    const { id } = await reply.json();
    const [withVideo, withGif] = (await x.waitForDms(before.dms + 2, 30_000)).slice(before.dms);
    const [mp4Upload, gifUpload] = x.uploads.slice(before.uploads);
    expect(mp4Upload).toMatchObject({ category: 'dm_video', type: 'video/mp4', shared: true, state: 'succeeded', chunked: { totalBytes: MP4.length, segments: [0, 1] } });
    expect(mp4Upload.bytes.equals(MP4)).toBe(true);
    expect(gifUpload).toMatchObject({ category: 'dm_gif', type: 'image/gif', state: 'succeeded', chunked: { totalBytes: GIF.length, segments: [0] } });
    expect(gifUpload.bytes.equals(GIF)).toBe(true);
    // Each upload: initialize, appends in order, finalize, one STATUS (pending, then succeeded).
    expect(x.mediaCalls.filter((c) => c.id === mp4Upload.id).map((c) => c.step + (c.step === 'append' ? `#${c.segmentIndex}` : ''))).toEqual(['initialize', 'append#0', 'append#1', 'finalize', 'status']);
    expect(withVideo).toMatchObject({ to: CUSTOMER, body: { text: 'How to open the box, and a thank-you.', attachments: [{ media_id: mp4Upload.id }] } });
    expect(withGif).toMatchObject({ to: CUSTOMER, body: { attachments: [{ media_id: gifUpload.id }] } });
    await eventually(async () => (await message(id)).deliveryStatus === 'sent', 15_000, 100);
  });

  it('a video X processes slowly, whose DM X then refuses once (429): the retry sends it without uploading it again', async () => {
    const video = await (await storeFile(MP4, 'slow.mp4')).json();
    x.slowProcessing({ polls: 2, checkAfterSecs: 1 });
    x.answerNextDms({ status: 429, json: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000)) } });
    const before = { dms: x.dms.length, uploads: x.uploads.length };
    const reply = await h.api(`/api/v1/cases/${await caseId()}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'The unboxing, in full.', attachments: [{ url: video.url, mime: video.mime, name: video.name }] } });
    const { id } = await reply.json();
    // The refused DM and the one the retry sent, both naming the one upload. (X's reset time had already
    // passed when it refused: the retry still comes, a second later.)
    const [refused, sent] = (await x.waitForDms(before.dms + 2, 30_000)).slice(before.dms);
    expect(x.uploads.length).toBe(before.uploads + 1);
    const upload = x.uploads.at(-1)!;
    expect(refused.body.attachments).toEqual([{ media_id: upload.id }]);
    expect(sent).toMatchObject({ to: CUSTOMER, body: { text: 'The unboxing, in full.', attachments: [{ media_id: upload.id }] } });
    // Processing: pending, in_progress twice, succeeded; the retry only asked X for the STATUS.
    expect(x.mediaCalls.filter((c) => c.id === upload.id).map((c) => c.step)).toEqual(['initialize', 'append', 'append', 'finalize', 'status', 'status', 'status', 'status']);
    await eventually(async () => (await message(id)).deliveryStatus === 'sent', 15_000, 100);
  });

  it('a video upload broken off after segment 2 (X answers 503): the retry appends segment 3 to the same media id, from the heartbeat details', async () => {
    // Three 4 MiB segments (0, 1, 2); the third APPEND is refused once.
    const THREE = Buffer.concat([MP4.subarray(0, 32), Buffer.alloc(2 * 4 * 1024 * 1024 + 100_000 - 32, 0x5a)]);
    const video = await (await storeFile(THREE, 'long-unboxing.mp4')).json();
    x.interruptAppend(2, { status: 503, json: { title: 'Service Unavailable', type: 'about:blank', status: 503, detail: 'Service Unavailable' } });
    const before = { dms: x.dms.length, uploads: x.uploads.length, calls: x.mediaCalls.length };
    const reply = await h.api(`/api/v1/cases/${await caseId()}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'The long version.', attachments: [{ url: video.url, mime: video.mime, name: video.name }] } });
    expect(reply.status).toBe(202);
    const { id } = await reply.json();
    const [dm] = (await x.waitForDms(before.dms + 1, 30_000)).slice(before.dms);
    const calls = x.mediaCalls.slice(before.calls);
    const mediaId = calls[0].id;
    // One initialize: the second attempt went on with the media id and the segment count the first saved.
    expect(calls.map((c) => [c.step + (c.step === 'append' ? `#${c.segmentIndex}${c.refused ? `:${c.refused}` : ''}` : ''), c.id])).toEqual([
      ['initialize', mediaId], ['append#0', mediaId], ['append#1', mediaId], ['append#2:503', mediaId], ['append#2', mediaId], ['finalize', mediaId], ['status', mediaId],
    ]);
    expect(x.uploads.length).toBe(before.uploads + 1);
    const upload = x.uploads.at(-1)!;
    expect(upload).toMatchObject({ id: mediaId, category: 'dm_video', state: 'succeeded', chunked: { totalBytes: THREE.length, segments: [0, 1, 2] } });
    expect(upload.bytes.equals(THREE)).toBe(true);
    expect(dm).toMatchObject({ to: CUSTOMER, body: { text: 'The long version.', attachments: [{ media_id: mediaId }] } });
    await eventually(async () => (await message(id)).deliveryStatus === 'sent', 15_000, 100);
  });

  it('a video X fails to process: the message fails at once with X\'s reason, and nothing is sent', async () => {
    const video = await (await storeFile(MP4, 'broken.mp4')).json();
    x.failProcessing({ code: 1, name: 'InvalidMedia', message: 'Unsupported video format' });
    const before = x.dms.length;
    const reply = await h.api(`/api/v1/cases/${await caseId()}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'The video again.', attachments: [{ url: video.url, mime: video.mime, name: video.name }] } });
    const { id } = await reply.json();
    const failed = await eventually(async () => { const m = await message(id); return m.deliveryStatus === 'failed' ? m : null; }, 20_000, 100);
    expect(failed.deliveryError).toBe('X could not process broken.mp4: Unsupported video format (InvalidMedia).');
    expect(x.dms.length).toBe(before);
  });

  it('a PDF cannot be attached for X DMs: refused on upload, as the manifest says', async () => {
    const res = await storeFile(Buffer.from('%PDF-1.7\n1 0 obj\n'), 'invoice.pdf');
    expect(res.status).toBe(415);
    expect((await res.json()).detail).toBe('This channel does not take application/pdf files.');
  });
});
