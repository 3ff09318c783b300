// PUTs a file's bytes to the uploadUrl Teams gave in an accepted file consent (a OneDrive upload
// session: pre-authorised, so no bearer token). Each request carries Content-Length and
// Content-Range `bytes {from}-{to}/{total}`; a file over one chunk goes in several, each a multiple
// of 320 KiB as OneDrive's resumable upload asks (learn.microsoft.com "Upload large files with an
// upload session"). Intermediate chunks are answered 202, the last 200/201 with the drive item.
// A retried upload first asks the session where it stands (GET → nextExpectedRanges) and goes on
// from there: a chunk OneDrive already took is never sent again.
import { SendError, type ConnectorDeps } from '../connector';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

/** 12 × 320 KiB (3.75 MiB): under the 4 MiB Microsoft names for a single request, a multiple of 320 KiB. */
export const UPLOAD_CHUNK_BYTES = 12 * 320 * 1024;

const call = (timeoutMs: number) => ({ timeoutMs, slow: 'The Teams upload URL', unreachable: 'The Teams upload URL' });

function refusal(response: Response, text: string, what: string, deps: ConnectorDeps): SendError {
  let detail = text.trim().slice(0, 300);
  try {
    const json = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (json.error) detail = [json.error.code, json.error.message].filter(Boolean).join(': ');
  } catch { /* not JSON */ }
  const reason = `the upload URL answered ${response.status}${detail ? ` (${detail})` : ''} ${what}`;
  if (isTransientStatus(response.status)) return new SendError(reason, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
  return new SendError(reason, false, response.status);
}

/** How many bytes the upload session already holds (its first nextExpectedRanges entry "{from}-…"). */
export async function uploadedSoFar(uploadUrl: string, deps: ConnectorDeps, opts: { timeoutMs: number }): Promise<number> {
  const response = await fetchProvider(deps, uploadUrl, { method: 'GET' }, call(opts.timeoutMs));
  const text = await response.text().catch(() => '');
  if (!response.ok) throw refusal(response, text, 'when asked how much of the file it holds', deps);
  let ranges: unknown;
  try { ranges = (JSON.parse(text) as { nextExpectedRanges?: unknown }).nextExpectedRanges; } catch { /* not JSON */ }
  const first = Array.isArray(ranges) && typeof ranges[0] === 'string' ? /^(\d+)-/.exec(ranges[0]) : null;
  return first ? Number(first[1]) : 0;
}

export async function uploadToTeams(uploadUrl: string, bytes: Uint8Array, deps: ConnectorDeps, opts: { timeoutMs: number; chunkBytes?: number; resume?: boolean }): Promise<void> {
  const chunk = opts.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  const total = bytes.length;
  const start = opts.resume && total > 0 ? Math.min(await uploadedSoFar(uploadUrl, deps, opts), total - 1) : 0;
  // An empty file is one request with no range to name.
  for (let from = start; from < total || (total === 0 && from === 0); from += chunk) {
    const to = Math.min(from + chunk, total);
    const part = bytes.subarray(from, to);
    const response = await fetchProvider(deps, uploadUrl, {
      method: 'PUT',
      headers: {
        'content-length': String(part.length),
        ...(total > 0 ? { 'content-range': `bytes ${from}-${to - 1}/${total}` } : {}),
        'content-type': 'application/octet-stream',
      },
      body: part as Uint8Array<ArrayBuffer>,
    }, call(opts.timeoutMs));
    const text = await response.text().catch(() => '');
    if (!response.ok) throw refusal(response, text, `for bytes ${from}-${Math.max(to - 1, 0)} of ${total}`, deps);
    if (total === 0) break;
  }
}
