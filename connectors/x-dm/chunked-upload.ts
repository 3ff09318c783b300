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
// Waiting for processing is the one wait inside a send: the media id cannot be carried over to a
// retry, so Parley waits as X asks (check_after_secs) within a budget that fits the send activity's
// timeout; past it the send fails as transient and the retry uploads again.
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

/** The most Parley waits for X to process one file within a send (the activity allows 30 s per attempt). */
export const X_PROCESSING_BUDGET_MS = 15_000;

interface ProcessingInfo {
  state?: 'pending' | 'in_progress' | 'succeeded' | 'failed' | string;
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
}

interface MediaAnswer { data?: { id?: string; processing_info?: ProcessingInfo } }

export interface ChunkedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
  category: XDmMediaCategory;
}

export interface ChunkedUploadOptions {
  /** Segment size; tests use smaller ones to exercise several appends. */
  segmentBytes?: number;
  wait?: (ms: number) => Promise<unknown>;
  processingBudgetMs?: number;
}

/** Uploads one file in segments; resolves with the media id once X has processed it. */
export async function uploadXMediaChunked(config: XDmConfig, file: ChunkedFile, deps: ConnectorDeps, opts: ChunkedUploadOptions = {}): Promise<string> {
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
  await awaitProcessing(config, id, file.name, finalized.data?.processing_info, deps, opts);
  return id;
}

/** Polls STATUS until X has processed the file: no processing_info, or state "succeeded". */
async function awaitProcessing(config: XDmConfig, id: string, name: string, first: ProcessingInfo | undefined, deps: ConnectorDeps, opts: ChunkedUploadOptions): Promise<void> {
  const wait = opts.wait ?? sleep;
  const deadline = deps.now() + (opts.processingBudgetMs ?? X_PROCESSING_BUDGET_MS);
  let info = first;
  while (info && info.state !== 'succeeded') {
    if (info.state === 'failed') {
      const reason = info.error?.message ?? info.error?.name ?? 'no reason given';
      throw new SendError(`X could not process ${name}: ${reason}${info.error?.name && info.error.message ? ` (${info.error.name})` : ''}.`, false);
    }
    const waitMs = Math.max(0, (info.check_after_secs ?? 1) * 1000);
    if (deps.now() + waitMs > deadline) {
      throw new SendError(`X was still processing ${name} (${info.state ?? 'pending'}) after ${Math.round((opts.processingBudgetMs ?? X_PROCESSING_BUDGET_MS) / 1000)} s.`, true, undefined, waitMs);
    }
    await wait(waitMs);
    const status = await callX<MediaAnswer>(config, 'GET', `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`, undefined, deps);
    info = status.data?.processing_info;
  }
}
