// X DM outbound media beyond images: video and animated GIF go through X's chunked upload
// (initialize → append segments in order → finalize → STATUS until processed), against the X
// stand-in, which checks each call's OAuth 1.0a signature with its own implementation, the segment
// order and size, and that the segments add up to the announced total. Files X DMs cannot carry are
// refused before anything is uploaded; a failed processing fails the message with X's reason. Waiting
// for X's processing follows check_after_secs within a 5-minute budget (a fake clock: no real waits).
// A retry continues the upload where the last attempt stopped — with the same media id, from the next
// segment — from the progress the delivery activity carries in Temporal's heartbeat details (so on any
// worker); a stale media id starts over. Each APPEND's request timeout grows with its segment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type OutboundMessage, type SendProgress } from '../../connectors/connector';
import { xDmConnector } from '../../connectors/x-dm';
import { appendTimeoutMs, X_PROCESSING_BUDGET_MS, X_SEGMENT_BYTES } from '../../connectors/x-dm/chunked-upload';
import { uploadXDmMedia } from '../../connectors/x-dm/media-upload';
import { callX } from '../../connectors/x-dm/x-api';
import { xDmManifest } from '../../connectors/x-dm/manifest';
import { checkAttachment, DEFAULT_ATTACHMENT_MAX_BYTES } from '../../engine/attachments/attachment-rules';
import { sniffType } from '../../engine/attachments/sniff-type';
import { heartbeating } from '../../workflows/activities/keep-alive';
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

describe('X DM uploads across attempts and workers, and the APPEND timeout', () => {
  let api: XApi;
  let dir: string;
  const SEGMENT = 64 * 1024;
  const VIDEO = mp4(4 * SEGMENT + 777); // five segments
  beforeAll(async () => {
    api = await startXApi({ creds, me: { id: '111', username: 'cafe' } });
    dir = mkdtempSync(join(tmpdir(), 'parley-x-resume-'));
    writeFileSync(join(dir, 'clip.mp4'), VIDEO);
    writeFileSync(join(dir, 'quarter.mp4'), mp4(256 * 1024));
  });
  afterAll(async () => { await api.close(); rmSync(dir, { recursive: true, force: true }); });

  const config = (timeoutMs = 5000) => xDmConnector.configSchema.parse({ ...creds, userId: '111', apiBaseUrl: api.url, timeoutMs });
  let replies = 0;
  const reply = (name: string, text = ''): OutboundMessage => ({
    id: `msg_r${++replies}`, caseId: 'case_1', threadId: '999', recipient: { externalId: '999' },
    content: { content: { type: 'text', text, format: 'plain' } }, text, attachments: [],
    context: { x: { files: [{ filename: name, path: join(dir, name), contentType: 'video/mp4' }] } },
  });
  /** One attempt's SendProgress as the delivery activity gives it: what the last attempt saved, and its saves (JSON, as Temporal carries them). */
  const attempt = (saved: unknown) => {
    const progress = { saved, last: saved as unknown, save(details: unknown) { this.last = JSON.parse(JSON.stringify(details)); } };
    return progress as SendProgress & { last: unknown };
  };
  const steps = (from: number) => api.mediaCalls.slice(from).map((c) => (c.step === 'append' ? `append#${c.segmentIndex}${c.refused ? `:${c.refused}` : ''}` : c.step));
  const noWait = { segmentBytes: SEGMENT, wait: async () => undefined };

  it('an upload broken off at segment 3 continues there on the next attempt (another worker): same media id, one initialize, the same bytes', async () => {
    const message = reply('clip.mp4');
    const from = api.mediaCalls.length;
    api.interruptAppend(2, { status: 503, json: { title: 'Service Unavailable', status: 503, detail: 'Service Unavailable' } });
    const first = attempt(undefined);
    const err = await failure(uploadXDmMedia(message, config(), { fetch, now: Date.now, progress: first }, noWait));
    expect(err).toMatchObject({ transient: true, message: 'X answered 503: Service Unavailable' });
    const id = api.mediaCalls[from].id!;
    // What rides on the heartbeats: two segments acknowledged, not finalized.
    expect(first.last).toEqual({ xUploads: { [`111|${message.id}#0|dm_video|${VIDEO.length}`]: {
      mediaId: id, totalBytes: VIDEO.length, segmentBytes: SEGMENT, segments: 2, finalized: false, expiresAt: expect.any(Number),
    } } });

    // The retry has only the heartbeat details (nothing in this process is used when a SendProgress is given).
    const second = attempt(first.last);
    const [sent] = await uploadXDmMedia(message, config(), { fetch, now: Date.now, progress: second }, noWait);
    expect(sent).toBe(id);
    expect(steps(from)).toEqual(['initialize', 'append#0', 'append#1', 'append#2:503', 'append#2', 'append#3', 'append#4', 'finalize', 'status']);
    expect(api.mediaCalls.slice(from).every((c) => c.id === id)).toBe(true);
    const upload = api.uploads.find((u) => u.id === id)!;
    expect(upload).toMatchObject({ state: 'succeeded', chunked: { totalBytes: VIDEO.length, segments: [0, 1, 2, 3, 4] } });
    expect(upload.bytes.equals(VIDEO)).toBe(true);
  });

  it('after FINALIZE, a retry on another worker (the DM refused with a 429) only asks X for the STATUS and sends the DM', async () => {
    const message = reply('clip.mp4', 'Mira el vídeo');
    const channel = { id: 'ch_x', accountId: 'acc_1', config: config() };
    api.answerNextDms({ status: 429, json: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) } });
    const from = api.mediaCalls.length;
    const first = attempt(undefined);
    expect((await failure(xDmConnector.send(message, channel, { fetch, now: Date.now, progress: first }))).status).toBe(429);
    const id = api.mediaCalls[from].id!;
    const retried = api.mediaCalls.length;
    await xDmConnector.send(message, channel, { fetch, now: Date.now, progress: attempt(first.last) });
    expect(api.mediaCalls.slice(retried)).toEqual([{ step: 'status', id }]);
    expect(api.dms.at(-1)).toMatchObject({ body: { text: 'Mira el vídeo', attachments: [{ media_id: id }] } });
  });

  it('a saved media id past X\'s expires_after_secs is not used: the retry starts over with a new one', async () => {
    let now = Date.now();
    const message = reply('clip.mp4');
    const from = api.mediaCalls.length;
    api.interruptAppend(1, { status: 503, json: { title: 'Service Unavailable', status: 503, detail: 'Service Unavailable' } });
    const first = attempt(undefined);
    await failure(uploadXDmMedia(message, config(), { fetch, now: () => now, progress: first }, noWait));
    const stale = api.mediaCalls[from].id!;
    now += 86_400_000; // the stand-in's initialize said expires_after_secs 86400
    const retried = api.mediaCalls.length;
    const [id] = await uploadXDmMedia(message, config(), { fetch, now: () => now, progress: attempt(first.last) }, noWait);
    expect(id).not.toBe(stale);
    expect(steps(retried)).toEqual(['initialize', 'append#0', 'append#1', 'append#2', 'append#3', 'append#4', 'finalize', 'status']);
  });

  it('an upload X has forgotten (its APPEND refused) starts over once, with a new media id', async () => {
    const message = reply('clip.mp4');
    const from = api.mediaCalls.length;
    api.interruptAppend(3, { status: 503, json: { title: 'Service Unavailable', status: 503, detail: 'Service Unavailable' } });
    const first = attempt(undefined);
    await failure(uploadXDmMedia(message, config(), { fetch, now: Date.now, progress: first }, noWait));
    const forgotten = api.mediaCalls[from].id!;
    api.forgetSessions();
    const second = attempt(first.last);
    const retried = api.mediaCalls.length;
    const [id] = await uploadXDmMedia(message, config(), { fetch, now: Date.now, progress: second }, noWait);
    expect(id).not.toBe(forgotten);
    expect(steps(retried)).toEqual(['initialize', 'append#0', 'append#1', 'append#2', 'append#3', 'append#4', 'finalize', 'status']);
    expect(Object.values((second.last as { xUploads: Record<string, { mediaId: string; finalized: boolean }> }).xUploads)).toEqual([expect.objectContaining({ mediaId: id, finalized: true })]);
  });

  it('an APPEND gets the channel\'s timeout plus 8 s per MiB it carries; every other call keeps the channel\'s', async () => {
    expect(appendTimeoutMs({ timeoutMs: 10_000 }, X_SEGMENT_BYTES)).toBe(42_000);
    expect(appendTimeoutMs({ timeoutMs: 10_000 }, 1)).toBe(10_001);
    // 300 ms for ordinary calls; a 256 KiB segment gets 300 + 2000 ms: X taking 1.2 s to take it is fine…
    const channel = { id: 'ch_x', accountId: 'acc_1', config: config(300) };
    api.delayAppends(1_200);
    try {
      api.answerNextDms({ status: 201, json: { data: { dm_conversation_id: '111-999', dm_event_id: '1' } }, delayMs: 1_200 });
      const err = await failure(xDmConnector.send(reply('quarter.mp4', 'clip'), channel, { fetch, now: Date.now }));
      // …while the DM, as slow, is not: the upload finished, the DM timed out after the channel's 300 ms.
      expect(err).toMatchObject({ transient: true, message: 'X did not answer within 300 ms.' });
      expect(api.uploads.at(-1)).toMatchObject({ state: 'succeeded', chunked: { totalBytes: 256 * 1024 } });
      // An APPEND slower than its allowance is a transient timeout naming it.
      api.delayAppends(2_800);
      const slow = await failure(uploadXDmMedia(reply('quarter.mp4'), config(300), { fetch, now: Date.now }, { wait: async () => undefined }));
      expect(slow).toMatchObject({ transient: true, message: 'X did not answer within 2300 ms.' });
    } finally {
      api.delayAppends(0);
    }
  });

  it('the delivery activity\'s heartbeats carry the saved progress: the last attempt\'s at once, then each save, on every beat', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 300, heartbeatDetails: { xUploads: { a: 1 } } });
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const seen = await env.run(async () => {
      const heartbeats = heartbeating();
      try {
        const saved = heartbeats.progress!.saved;
        await new Promise((resolve) => setTimeout(resolve, 250));
        heartbeats.progress!.save({ xUploads: { a: 2 } });
        await new Promise((resolve) => setTimeout(resolve, 250));
        return saved;
      } finally {
        heartbeats.stop();
      }
    });
    expect(seen).toEqual({ xUploads: { a: 1 } });
    const at = beats.findIndex((b) => JSON.stringify(b) === '{"xUploads":{"a":2}}');
    expect(at).toBeGreaterThan(1); // the first beats resent the last attempt's details…
    expect(beats.slice(0, at).every((b) => JSON.stringify(b) === '{"xUploads":{"a":1}}')).toBe(true);
    expect(beats.slice(at).length).toBeGreaterThan(1); // …and the beats after the save carry the new ones
    expect(beats.slice(at).every((b) => JSON.stringify(b) === '{"xUploads":{"a":2}}')).toBe(true);
    expect(heartbeating().progress).toBeUndefined(); // outside an activity: none (the connector keeps progress in-process)
  });
});
