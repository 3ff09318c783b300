// X DM outbound media beyond images: video and animated GIF go through X's chunked upload
// (initialize → append segments in order → finalize → STATUS until processed), against the X
// stand-in, which checks each call's OAuth 1.0a signature with its own implementation, the segment
// order and size, and that the segments add up to the announced total. Files X DMs cannot carry are
// refused before anything is uploaded; a failed processing fails the message with X's reason. Waiting
// for X's processing follows check_after_secs within a 5-minute budget (a fake clock: no real waits).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type OutboundMessage } from '../../connectors/connector';
import { xDmConnector } from '../../connectors/x-dm';
import { X_PROCESSING_BUDGET_MS, X_SEGMENT_BYTES } from '../../connectors/x-dm/chunked-upload';
import { uploadXDmMedia } from '../../connectors/x-dm/media-upload';
import { callX } from '../../connectors/x-dm/x-api';
import { xDmManifest } from '../../connectors/x-dm/manifest';
import { checkAttachment, DEFAULT_ATTACHMENT_MAX_BYTES } from '../../engine/attachments/attachment-rules';
import { sniffType } from '../../engine/attachments/sniff-type';
import { startXApi, type XApi } from '../fakes/x-api';

const creds = { consumerKey: 'key-0123456789', consumerSecret: 'consumer-secret-0123456789abcdef', accessToken: '111-abc', accessTokenSecret: 'token-secret-0123456789abcdef' };

/** An MP4's first box (`ftyp isom`) and then filler: the stand-in checks sizes, not codecs. */
function mp4(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x2a);
  Buffer.from('00000018667479706973736f6d0000020069736f6d69736f32', 'hex').copy(bytes);
  return bytes;
}
function gif(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x11);
  bytes.write('GIF89a', 0, 'ascii');
  return bytes;
}

async function failure(promise: Promise<unknown>): Promise<SendError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('X DM video and GIF: the chunked upload', () => {
  let api: XApi;
  let dir: string;
  const VIDEO = mp4(200 * 1024 + 123);
  const GIF = gif(90 * 1024);
  beforeAll(async () => {
    api = await startXApi({ creds, me: { id: '111', username: 'cafe' } });
    dir = mkdtempSync(join(tmpdir(), 'parley-x-chunked-'));
    writeFileSync(join(dir, 'clip.mp4'), VIDEO);
    writeFileSync(join(dir, 'party.gif'), GIF);
    writeFileSync(join(dir, 'big.gif'), gif(15 * 1024 * 1024 + 1));
    writeFileSync(join(dir, 'invoice.pdf'), '%PDF-1.7\n…');
  });
  afterAll(async () => { await api.close(); rmSync(dir, { recursive: true, force: true }); });

  const config = () => xDmConnector.configSchema.parse({ ...creds, userId: '111', apiBaseUrl: api.url, timeoutMs: 5000 });
  const channel = () => ({ id: 'ch_x', accountId: 'acc_1', config: config() });
  const file = (name: string, contentType: string) => ({ filename: name, path: join(dir, name), contentType });
  let replies = 0;
  const reply = (text: string, ...files: ReturnType<typeof file>[]): OutboundMessage => ({
    id: `msg_x${++replies}`, caseId: 'case_1', threadId: '999', recipient: { externalId: '999' },
    content: { content: { type: 'text', text, format: 'plain' } }, text, attachments: [], context: { x: { files } },
  });
  const deps = { fetch, now: Date.now };
  const callsOf = (id: string) => api.mediaCalls.filter((c) => c.id === id).map((c) => (c.step === 'append' ? `append#${c.segmentIndex}:${c.bytes}` : c.step));

  it('a video in several segments: initialize, appends in order adding up to total_bytes, finalize, STATUS until succeeded', async () => {
    const waits: number[] = [];
    const segment = 64 * 1024;
    const bad = api.badSignatures;
    const [id] = await uploadXDmMedia(reply('', file('clip.mp4', 'video/mp4')), config(), deps, { segmentBytes: segment, wait: async (ms) => { waits.push(ms); } });
    const upload = api.uploads.find((u) => u.id === id)!;
    expect(upload).toMatchObject({ category: 'dm_video', type: 'video/mp4', shared: true, state: 'succeeded', chunked: { totalBytes: VIDEO.length, segments: [0, 1, 2, 3] } });
    expect(upload.bytes.equals(VIDEO)).toBe(true);
    expect(callsOf(id)).toEqual(['initialize', `append#0:${segment}`, `append#1:${segment}`, `append#2:${segment}`, `append#3:${VIDEO.length - 3 * segment}`, 'finalize', 'status']);
    // X said pending, check after 1 s: Parley waited exactly that before asking again.
    expect(waits).toEqual([1000]);
    expect(api.badSignatures).toBe(bad);
  });

  it('segments never exceed 4 MiB (X takes at most 5 MB per APPEND), even when asked for more', async () => {
    writeFileSync(join(dir, 'long.mp4'), mp4(X_SEGMENT_BYTES + 500_000));
    const [id] = await uploadXDmMedia(reply('', file('long.mp4', 'video/mp4')), config(), deps, { segmentBytes: 10 * 1024 * 1024, wait: async () => undefined });
    expect(X_SEGMENT_BYTES).toBeLessThanOrEqual(5 * 1000 * 1000);
    expect(callsOf(id)).toEqual(['initialize', `append#0:${X_SEGMENT_BYTES}`, 'append#1:500000', 'finalize', 'status']);
  });

  it('an animated GIF (dm_gif) is sent as the DM\'s media once processed; the text rides on the same DM', async () => {
    await xDmConnector.send(reply('¡Feliz cumpleaños!', file('party.gif', 'image/gif')), channel(), deps);
    const upload = api.uploads.at(-1)!;
    expect(upload).toMatchObject({ category: 'dm_gif', type: 'image/gif', state: 'succeeded', chunked: { totalBytes: GIF.length, segments: [0] } });
    expect(upload.bytes.equals(GIF)).toBe(true);
    expect(api.dms.at(-1)).toMatchObject({ to: '999', body: { text: '¡Feliz cumpleaños!', attachments: [{ media_id: upload.id }] } });
  });

  it('X failing to process the video fails the message permanently with X\'s reason, and no DM goes out', async () => {
    api.failProcessing({ code: 1, name: 'InvalidMedia', message: 'Unsupported video format' });
    const before = api.dms.length;
    const err = await failure(xDmConnector.send(reply('Mira el vídeo', file('clip.mp4', 'video/mp4')), channel(), deps));
    expect(err.transient).toBe(false);
    expect(err.message).toBe('X could not process clip.mp4: Unsupported video format (InvalidMedia).');
    expect(api.dms.length).toBe(before);
  });

  /** A clock that the waits move forward: minutes of X's processing pass at once. */
  const fakeClock = () => {
    let now = Date.now();
    const waits: number[] = [];
    return { waits, deps: { fetch, now: () => now }, wait: async (ms: number) => { waits.push(ms); now += ms; } };
  };

  it('a long video X takes four minutes to process is waited for as X asks (check_after_secs), within one send', async () => {
    const clock = fakeClock();
    api.slowProcessing({ polls: 3, checkAfterSecs: 60 });
    const [id] = await uploadXDmMedia(reply('', file('clip.mp4', 'video/mp4')), config(), clock.deps, { wait: clock.wait });
    expect(api.uploads.find((u) => u.id === id)!.state).toBe('succeeded');
    expect(callsOf(id).filter((c) => c === 'status')).toHaveLength(4);
    expect(clock.waits).toEqual([60_000, 60_000, 60_000, 60_000]);
    expect(X_PROCESSING_BUDGET_MS).toBe(5 * 60_000);
  });

  it('processing that outlasts the 5-minute budget is a transient failure; the last look comes at the deadline, not past it', async () => {
    const clock = fakeClock();
    api.slowProcessing({ polls: 100, checkAfterSecs: 45 });
    const err = await failure(uploadXDmMedia(reply('', file('clip.mp4', 'video/mp4')), config(), clock.deps, { wait: clock.wait }));
    expect(err.transient).toBe(true);
    expect(err.message).toBe('X was still processing clip.mp4 (in_progress) after 5 min.');
    expect(err.retryAfterMs).toBe(45_000);
    expect(clock.waits).toEqual([45_000, 45_000, 45_000, 45_000, 45_000, 45_000, 30_000]);
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBe(X_PROCESSING_BUDGET_MS);
  });

  it('a retry after X refused the DM (429) does not upload the video again: it asks X for the media\'s STATUS and sends it', async () => {
    const message = reply('Mira el vídeo', file('clip.mp4', 'video/mp4'));
    api.answerNextDms({ status: 429, json: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) } });
    const calls = api.mediaCalls.length;
    const err = await failure(xDmConnector.send(message, channel(), deps));
    expect(err.transient).toBe(true);
    const firstTry = api.mediaCalls.slice(calls);
    const id = firstTry[0].id!;
    expect(firstTry.map((c) => c.step)).toEqual(['initialize', 'append', 'finalize', 'status']);

    const retried = api.mediaCalls.length;
    const sent = await xDmConnector.send(message, channel(), deps);
    expect(api.mediaCalls.slice(retried)).toEqual([{ step: 'status', id }]);
    expect(api.dms.at(-1)).toMatchObject({ body: { text: 'Mira el vídeo', attachments: [{ media_id: id }] } });
    expect(sent.providerMessageId).toBeTruthy();
    // Another message with the same file is its own upload.
    const other = api.mediaCalls.length;
    await xDmConnector.send(reply('Otra vez', file('clip.mp4', 'video/mp4')), channel(), deps);
    expect(api.mediaCalls.slice(other).map((c) => c.step)).toEqual(['initialize', 'append', 'finalize', 'status']);
  });

  it('a retry after processing outlasted the budget picks up X\'s processing where it was', async () => {
    const clock = fakeClock();
    const message = reply('', file('clip.mp4', 'video/mp4'));
    api.slowProcessing({ polls: 8, checkAfterSecs: 60 });
    const err = await failure(uploadXDmMedia(message, config(), clock.deps, { wait: clock.wait }));
    expect(err.message).toBe('X was still processing clip.mp4 (in_progress) after 5 min.');
    const retried = api.mediaCalls.length;
    const [id] = await uploadXDmMedia(message, config(), clock.deps, { wait: clock.wait });
    expect(api.mediaCalls.slice(retried).map((c) => c.step)).toEqual(['status', 'status', 'status', 'status']);
    expect(api.uploads.find((u) => u.id === id)!.state).toBe('succeeded');
  });

  it('the stand-in is strict: a segment out of order, or a finalize short of total_bytes, is refused as X would', async () => {
    const segment = (index: number, bytes: number) => {
      const form = new FormData();
      form.set('segment_index', String(index));
      form.set('media', new Blob([new Uint8Array(bytes)]), 'chunk');
      return form;
    };
    const init = await callX<{ data: { id: string } }>(config(), 'POST', '/2/media/upload/initialize', { media_type: 'video/mp4', total_bytes: 10, media_category: 'dm_video' }, deps);
    const path = `/2/media/upload/${init.data.id}`;
    expect((await failure(callX(config(), 'POST', `${path}/append`, segment(1, 5), deps))).message).toBe('X answered 400: segment_index 1 is out of order: expected 0.');
    await callX(config(), 'POST', `${path}/append`, segment(0, 5), deps);
    expect((await failure(callX(config(), 'POST', `${path}/finalize`, undefined, deps))).message).toBe('X answered 400: Received 5 bytes; initialize announced 10.');
    const wrongKey = { ...config(), accessTokenSecret: 'another-secret-0123456789abcdef' };
    expect((await failure(callX(wrongKey, 'POST', `${path}/append`, segment(1, 5), deps))).status).toBe(401);
  });

  it('a PDF is refused before anything is uploaded, even beside a video, and says what X DMs carry', async () => {
    const calls = api.mediaCalls.length;
    const uploads = api.uploads.length;
    const dms = api.dms.length;
    const err = await failure(xDmConnector.send(reply('Your invoice', file('clip.mp4', 'video/mp4'), file('invoice.pdf', 'application/pdf')), channel(), deps));
    expect(err.transient).toBe(false);
    expect(err.message).toBe('X DMs carry images (JPEG, PNG, WebP, GIF), MP4 or MOV video only; invoice.pdf is application/pdf. Share it as a link in the text instead.');
    expect([api.mediaCalls.length, api.uploads.length, api.dms.length]).toEqual([calls, uploads, dms]);
  });

  it('a GIF over X\'s 15 MB is refused without uploading', async () => {
    const calls = api.mediaCalls.length;
    const err = await failure(xDmConnector.send(reply('', file('big.gif', 'image/gif')), channel(), deps));
    expect(err.message).toBe('big.gif is 15 MB; X takes gif files up to 15 MB in a DM.');
    expect(api.mediaCalls.length).toBe(calls);
  });

  it('the manifest\'s attachment rules say the same: a PDF or an oversized GIF is refused on upload, a video taken', () => {
    const rules = xDmManifest.capabilities.attachments;
    const refusal = (bytes: Buffer) => { try { checkAttachment(rules, sniffType(bytes), bytes.length, 1024 * 1024 * 1024, 'outbound'); return 'taken'; } catch (e) { return (e as { code: string }).code; } };
    expect(refusal(Buffer.from('%PDF-1.7\n…'))).toBe('attachment_type_refused');
    expect(refusal(gif(15 * 1024 * 1024 + 1))).toBe('attachment_too_large');
    expect(refusal(VIDEO)).toBe('taken');
    expect(refusal(GIF)).toBe('taken');
    expect(refusal(Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'))).toBe('taken');
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBeLessThan(rules.maxBytes!);
  });
});
