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
// Waiting for processing is the one wait inside a send: the media id is not carried over to a retry,
// so Parley waits as X asks (check_after_secs) within a budget of minutes, which the send activity
// allows (workflows/case/activity-stubs.ts: 15 minutes an attempt, heartbeating meanwhile so a lost
// worker is still noticed within seconds). Past the budget the send fails as transient.
//
// A retry of the same send on the same worker does not upload again what X already holds (the DM
// refused with a 429 after the upload; processing past the budget): finalized media ids are remembered
// by message and file, in this process, until X says they expire, and a retry asks X for their STATUS
// instead. A retry on another worker, or one after an upload broken off before finalize, uploads again.
import { setTimeout as sleep } from 'node:timers/promises';
import { SendError, type ConnectorDeps } from '../connector';
import type { XDmConfig } from './config';
import type { XDmMediaCategory } from './media-kinds';
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

interface ProcessingInfo {
  state?: 'pending' | 'in_progress' | 'succeeded' | 'failed' | string;
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
}

interface MediaAnswer { data?: { id?: string; expires_after_secs?: number; processing_info?: ProcessingInfo } }

/** Finalized media by resume key (account, message file, size), in this process; the oldest go first past the cap. */
const finalizedMedia = new Map<string, { id: string; expiresAt: number }>();
const MAX_REMEMBERED_MEDIA = 500;
/** How long a finalized media id is reused when X does not say (its media expire after a day). */
const DEFAULT_MEDIA_LIFETIME_SECS = 3600;

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
  /** Names this file of this message (e.g. `<message id>#<file index>`): a retry with the same key resumes from X's STATUS. */
  resumeKey?: string;
}

/** Uploads one file in segments; resolves with the media id once X has processed it. */
export async function uploadXMediaChunked(config: XDmConfig, file: ChunkedFile, deps: ConnectorDeps, opts: ChunkedUploadOptions = {}): Promise<string> {
  const key = opts.resumeKey === undefined ? undefined : `${config.accessToken.split('-')[0]}|${opts.resumeKey}|${file.category}|${file.bytes.length}`;
  const known = key === undefined ? undefined : finalizedMedia.get(key);
  if (key !== undefined && known) {
    if (known.expiresAt > deps.now() && await resumeProcessing(config, known.id, file.name, deps, opts)) return known.id;
    finalizedMedia.delete(key);
  }

  const segmentBytes = Math.min(opts.segmentBytes ?? X_SEGMENT_BYTES, X_SEGMENT_BYTES);
  const init = await callX<MediaAnswer>(config, 'POST', '/2/media/upload/initialize', {
    media_type: file.type, total_bytes: file.bytes.length, media_category: file.category, shared: true,
  }, deps);
  const id = init.data?.id;
  if (!id) throw new SendError(`X accepted the upload of ${file.name} but returned no media id.`, true);
  const path = `/2/media/upload/${encodeURIComponent(id)}`;

  for (let index = 0, offset = 0; offset < file.bytes.length; index++, offset += segmentBytes) {
    const form = new FormData();
    form.set('segment_index', String(index));
    form.set('media', new Blob([new Uint8Array(file.bytes.subarray(offset, offset + segmentBytes))], { type: 'application/octet-stream' }), file.name);
    await callX(config, 'POST', `${path}/append`, form, deps, { emptyOk: true });
  }

  const finalized = await callX<MediaAnswer>(config, 'POST', `${path}/finalize`, undefined, deps);
  if (key !== undefined) remember(key, id, deps.now() + Math.max(0, (finalized.data?.expires_after_secs ?? DEFAULT_MEDIA_LIFETIME_SECS) - 60) * 1000);
  await awaitProcessing(config, id, file.name, finalized.data?.processing_info, deps, opts);
  return id;
}

function remember(key: string, id: string, expiresAt: number): void {
  finalizedMedia.delete(key);
  finalizedMedia.set(key, { id, expiresAt });
  if (finalizedMedia.size > MAX_REMEMBERED_MEDIA) finalizedMedia.delete(finalizedMedia.keys().next().value!);
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
