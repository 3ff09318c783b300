// X's chunked media upload (API v2), which video and animated GIF need (docs.x.com "Best practices":
// "Use the chunked upload flow for all videos"), in the business account's OAuth 1.0a user context:
//   1. POST /2/media/upload/initialize  JSON {media_type, total_bytes, media_category, shared}  → data.id
//   2. POST /2/media/upload/{id}/append  multipart/form-data: segment_index (0…999) and media (the bytes)
//   3. POST /2/media/upload/{id}/finalize                                → data.processing_info?
//   4. GET  /2/media/upload?command=STATUS&media_id={id}, after processing_info.check_after_secs,
//      until processing_info.state is "succeeded" or "failed" (pending → in_progress → …).
// These are the endpoints of X's API reference (docs.x.com/x-api/media/media-upload-initialize,
// …/media-upload-append, …/finalize-media-upload, …/get-media-upload-status). X's chunked-upload
// quickstart still shows the older single-endpoint form (`POST /2/media/upload` with command=INIT /
// APPEND / FINALIZE, as v1.1 did); the dedicated endpoints are what the reference and the best-practices
// page document, so Parley uses those.
//
// Waiting for processing is the one wait inside a send: Parley waits as X asks (check_after_secs) within a
// budget of minutes, which the send activity allows (workflows/case/activity-stubs.ts: 15 minutes an
// attempt, heartbeating meanwhile so a lost worker is still noticed within seconds). Past the budget the
// send fails as transient.
//
// A retry continues where the last attempt stopped, on whichever worker it runs (upload-progress.ts): the
// upload's progress {media id, segments appended, finalized} is saved after every step in the send's
// SendProgress, which the delivery activity carries in Temporal's heartbeat details. So a retry after a
// broken APPEND appends from the next segment with the same media id; one after FINALIZE (the DM refused
// with a 429, processing past the budget) asks X for the media's STATUS instead of uploading again. A
// saved media id X has let expire (initialize's / finalize's `expires_after_secs`), or one X no longer
// knows (a 4xx), is dropped and the file uploaded from the start.
//
// Each APPEND carries up to 4 MiB, so its request timeout grows with the segment (appendTimeoutMs); every
// other call keeps the channel's timeoutMs (10 s by default).
import { setTimeout as sleep } from 'node:timers/promises';
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import type { XDmMediaCategory } from './media-kinds';
import { uploadBook, type UploadBook, type XUploadProgress } from './upload-progress';
import { callX } from './x-api';

/**
 * Bytes per APPEND. X's APPEND takes at most 5 MB per segment (v1.1 reference, POST media/upload
 * APPEND: "It must be <= 5 MB"; the v2 append keeps the 0–999 segment_index range); 4 MiB stays under
 * that whichever megabyte X means, as X's own large-video sample does.
 */
export const X_SEGMENT_BYTES = 4 * 1024 * 1024;

/**
 * The most Parley waits for X to process one file within a send. A long video can take X minutes; the
 * send activity allows 15 minutes an attempt, which also covers uploading 512 MB in segments.
 */
export const X_PROCESSING_BUDGET_MS = 5 * 60_000;

/** Extra time an APPEND gets per MiB it carries, over the channel's timeoutMs: 8 s a MiB is ~1 Mbit/s upstream. */
export const X_APPEND_MS_PER_MIB = 8_000;

/** The request timeout of one APPEND of `bytes`: the channel's timeout (the floor) plus the per-MiB allowance. */
export function appendTimeoutMs(config: Pick<XDmConfig, 'timeoutMs'>, bytes: number): number {
  return (config.timeoutMs ?? DEFAULT_TIMEOUT_MS) + Math.ceil((bytes / (1024 * 1024)) * X_APPEND_MS_PER_MIB);
}

interface ProcessingInfo {
  state?: 'pending' | 'in_progress' | 'succeeded' | 'failed' | string;
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
}

interface MediaAnswer { data?: { id?: string; expires_after_secs?: number; processing_info?: ProcessingInfo } }

/** How long a media id is trusted when X does not say (X's uploads expire after a day); a minute is kept in hand. */
const DEFAULT_MEDIA_LIFETIME_SECS = 3600;
const expiry = (deps: ConnectorDeps, secs: number | undefined) => deps.now() + Math.max(0, (secs ?? DEFAULT_MEDIA_LIFETIME_SECS) - 60) * 1000;

export interface ChunkedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
  category: XDmMediaCategory;
}

export interface ChunkedUploadOptions {
  /** Segment size; tests use smaller ones to exercise several appends. */
  segmentBytes?: number;
  /** How a wait for X's processing is spent (tests: a fake clock). */
  wait?: (ms: number) => Promise<unknown>;
  processingBudgetMs?: number;
  /** Names this file of this message (e.g. `<message id>#<file index>`): a retry with the same key continues its upload. */
  resumeKey?: string;
  /** Where the progress is kept: one book for all files of a send (media-upload.ts); by default the send's own. */
  book?: UploadBook;
}

/** Uploads one file in segments, or continues an earlier attempt's upload; resolves with the media id once X has processed it. */
export async function uploadXMediaChunked(config: XDmConfig, file: ChunkedFile, deps: ConnectorDeps, opts: ChunkedUploadOptions = {}): Promise<string> {
  const book = opts.book ?? uploadBook(deps);
  const key = opts.resumeKey === undefined ? undefined : `${config.accessToken.split('-')[0]}|${opts.resumeKey}|${file.category}|${file.bytes.length}`;
  const save = (progress: XUploadProgress) => { if (key !== undefined) book.set(key, progress); };
  let saved = key === undefined ? undefined : book.get(key);
  if (key !== undefined && saved && (saved.expiresAt <= deps.now() || saved.totalBytes !== file.bytes.length || saved.segmentBytes > X_SEGMENT_BYTES)) {
    book.drop(key); // stale (X has let the media id expire) or not this file: start over
    saved = undefined;
  }
  if (key !== undefined && saved?.finalized) {
    if (await resumeProcessing(config, saved.mediaId, file.name, deps, opts)) return saved.mediaId;
    book.drop(key);
    saved = undefined;
  }

  let progress: XUploadProgress;
  if (saved) {
    progress = saved;
  } else {
    const segmentBytes = Math.min(opts.segmentBytes ?? X_SEGMENT_BYTES, X_SEGMENT_BYTES);
    const init = await callX<MediaAnswer>(config, 'POST', '/2/media/upload/initialize', {
      media_type: file.type, total_bytes: file.bytes.length, media_category: file.category, shared: true,
    }, deps);
    const id = init.data?.id;
    if (!id) throw new SendError(`X accepted the upload of ${file.name} but returned no media id.`, true);
    progress = { mediaId: id, totalBytes: file.bytes.length, segmentBytes, segments: 0, finalized: false, expiresAt: expiry(deps, init.data?.expires_after_secs) };
    save(progress);
  }

  let answered = false; // X has taken a call of this attempt for the media id
  let finalized: MediaAnswer;
  try {
    progress = await appendFrom(config, file, progress, deps, (p) => { answered = true; save(p); });
    finalized = await callX<MediaAnswer>(config, 'POST', `/2/media/upload/${encodeURIComponent(progress.mediaId)}/finalize`, undefined, deps);
  } catch (err) {
    // X no longer knows the saved upload (a 4xx to the retry's first call for it): from the start, once (nothing is saved then).
    if (key === undefined || !saved || answered || !(err instanceof SendError) || err.transient) throw err;
    book.drop(key);
    return uploadXMediaChunked(config, file, deps, { ...opts, book });
  }
  save({ ...progress, finalized: true, expiresAt: expiry(deps, finalized.data?.expires_after_secs) });
  await awaitProcessing(config, progress.mediaId, file.name, finalized.data?.processing_info, deps, opts);
  return progress.mediaId;
}

/** APPENDs the segments from `progress.segments` on, saving the progress after each; resolves with the progress after the last. */
async function appendFrom(config: XDmConfig, file: ChunkedFile, start: XUploadProgress, deps: ConnectorDeps, save: (p: XUploadProgress) => void): Promise<XUploadProgress> {
  const path = `/2/media/upload/${encodeURIComponent(start.mediaId)}`;
  let progress = start;
  for (let offset = progress.segments * progress.segmentBytes; offset < file.bytes.length; offset += progress.segmentBytes) {
    const segment = file.bytes.subarray(offset, offset + progress.segmentBytes);
    const form = new FormData();
    form.set('segment_index', String(progress.segments));
    form.set('media', new Blob([new Uint8Array(segment)], { type: 'application/octet-stream' }), file.name);
    await callX(config, 'POST', `${path}/append`, form, deps, { emptyOk: true, timeoutMs: appendTimeoutMs(config, segment.length) });
    progress = { ...progress, segments: progress.segments + 1 };
    save(progress);
  }
  return progress;
}

/**
 * A retry's look at media an earlier attempt finalized: true once X has processed it (waiting as X asks,
 * as after a finalize); false when X no longer knows it (a 4xx), so the file is uploaded again. A failed
 * processing fails the message as it would have the first time.
 */
async function resumeProcessing(config: XDmConfig, id: string, name: string, deps: ConnectorDeps, opts: ChunkedUploadOptions): Promise<boolean> {
  let status: MediaAnswer;
  try {
    status = await callX<MediaAnswer>(config, 'GET', `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`, undefined, deps);
  } catch (err) {
    if (err instanceof SendError && !err.transient) return false;
    throw err;
  }
  await awaitProcessing(config, id, name, status.data?.processing_info, deps, opts);
  return true;
}

/** Polls STATUS until X has processed the file: no processing_info, or state "succeeded". */
async function awaitProcessing(config: XDmConfig, id: string, name: string, first: ProcessingInfo | undefined, deps: ConnectorDeps, opts: ChunkedUploadOptions): Promise<void> {
  const wait = opts.wait ?? sleep;
  const budgetMs = opts.processingBudgetMs ?? X_PROCESSING_BUDGET_MS;
  const deadline = deps.now() + budgetMs;
  let info = first;
  while (info && info.state !== 'succeeded') {
    if (info.state === 'failed') {
      const reason = info.error?.message ?? info.error?.name ?? 'no reason given';
      throw new SendError(`X could not process ${name}: ${reason}${info.error?.name && info.error.message ? ` (${info.error.name})` : ''}.`, false);
    }
    const askedMs = Math.max(1, info.check_after_secs ?? 1) * 1000; // at least a second between looks
    const leftMs = deadline - deps.now();
    if (leftMs <= 0) {
      throw new SendError(`X was still processing ${name} (${info.state ?? 'pending'}) after ${formatBudget(budgetMs)}.`, true, undefined, askedMs);
    }
    // As long as X asks, but never past the budget: the last look comes at the deadline.
    await wait(Math.min(askedMs, leftMs));
    const status = await callX<MediaAnswer>(config, 'GET', `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`, undefined, deps);
    info = status.data?.processing_info;
  }
}

const formatBudget = (ms: number) => (ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);
