// Inbound Apple Messages for Business attachments. Each file of the message names its encrypted copy
// on Apple's storage: `url`, `owner`, a signature and the AES key (`"00"` + 64 hex). Apple's own MSP
// sample (05_downloading_attachments.py, 2025) reads the signature as HEX from `signature`; some
// gateways/implementations give `signature-base64` instead (channels.md §18c), so both are read and
// the reference stores the base64 form. Downloading is `GET {gateway}/v1/preDownload` with the MSP's
// JWT, `source-id` (the business id) and the file's url, signature (base64) and owner, which answers a
// short-lived `download-url`; the bytes fetched from it are decrypted with AES-256-CTR, IV zero.
// Not yet verified against Apple's real gateway.
import { createDecipheriv } from 'node:crypto';
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type AppleMessagesConfig } from './config';
import { mspToken } from './msp-token';

const SCHEME = 'amb-attachment:';

/** What Apple's message says about one file (the fields Parley needs to fetch and decrypt it). */
export interface AmbAttachmentRef {
  url: string;
  owner: string;
  /** Always base64 (what preDownload takes), whichever spelling the message used. */
  signature: string;
  key: string;
}

/** An attachment entry of Apple's message, in either signature spelling. */
export interface AmbInboundAttachment { url?: string; owner?: string; signature?: string; 'signature-base64'?: string; key?: string }

/**
 * The file's signature as base64: Apple's hex `signature` (either case) first, as its sample reads it;
 * a `signature` that is not hex, or `signature-base64`, is taken as base64.
 */
export function ambSignatureBase64(a: AmbInboundAttachment): string | undefined {
  const given = (typeof a.signature === 'string' && a.signature.trim()) || '';
  if (/^(?:[0-9a-fA-F]{2})+$/.test(given)) return Buffer.from(given, 'hex').toString('base64');
  for (const candidate of [given, typeof a['signature-base64'] === 'string' ? a['signature-base64'].trim() : '']) {
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(candidate)) return Buffer.from(candidate, 'base64').toString('base64');
  }
  return undefined;
}

/** The attachment's stored reference: everything fetchMedia needs, in one opaque string. */
export function ambAttachmentRef(a: AmbInboundAttachment): string | undefined {
  const signature = ambSignatureBase64(a);
  if (!a.url || !a.owner || !signature || !a.key) return undefined;
  const ref: AmbAttachmentRef = { url: a.url, owner: a.owner, signature, key: a.key };
  return SCHEME + Buffer.from(JSON.stringify(ref)).toString('base64url');
}

function readRef(ref: string): AmbAttachmentRef {
  try {
    if (!ref.startsWith(SCHEME)) throw new Error();
    const parsed = JSON.parse(Buffer.from(ref.slice(SCHEME.length), 'base64url').toString('utf8')) as AmbAttachmentRef;
    if (![parsed.url, parsed.owner, parsed.signature, parsed.key].every((v) => typeof v === 'string' && v)) throw new Error();
    return parsed;
  } catch {
    throw new SendError('The attachment reference is not an Apple Messages for Business one.', false);
  }
}

/** AES-256-CTR with a zero IV; the key is Apple's hex string without its leading "00". */
export function decryptAmbAttachment(encrypted: Uint8Array, key: string): Buffer {
  const hex = key.length === 66 && key.startsWith('00') ? key.slice(2) : key;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new SendError('The attachment key is not a 256-bit hex key.', false);
  const decipher = createDecipheriv('aes-256-ctr', Buffer.from(hex, 'hex'), Buffer.alloc(16, 0));
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

export async function downloadAppleAttachment(config: AppleMessagesConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  const file = readRef(ref);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pre = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}/v1/preDownload`, {
    method: 'GET',
    // Apple's samples (2018 and 2025) send MMCS-Url / MMCS-Signature / MMCS-Owner; public MSP
    // implementations written from Apple's earlier Business Chat docs send url / signature / owner.
    // Both carry the same values (the signature base64 in both), so both spellings go.
    headers: {
      authorization: `Bearer ${await mspToken(config, deps.now())}`, 'source-id': config.businessId,
      'MMCS-Url': file.url, 'MMCS-Signature': file.signature, 'MMCS-Owner': file.owner,
      url: file.url, signature: file.signature, owner: file.owner,
    },
  }, { timeoutMs, slow: 'Apple preDownload', unreachable: 'Apple\'s gateway' });
  if (!pre.ok) {
    const said = (await pre.text().catch(() => '')).trim().slice(0, 200);
    throw new SendError(`Apple preDownload answered ${pre.status}${said ? `: ${said}` : ''}`, isTransientStatus(pre.status), pre.status);
  }
  let downloadUrl: string | undefined;
  try { downloadUrl = ((await pre.json()) as { 'download-url'?: string })['download-url']; } catch { /* not JSON */ }
  if (!downloadUrl) throw new SendError('Apple preDownload gave no download-url.', true);
  const response = await fetchProvider(deps, downloadUrl, { method: 'GET' }, { timeoutMs, slow: 'Apple attachment download', unreachable: 'Apple\'s attachment storage' });
  if (!response.ok) throw new SendError(`Apple's attachment storage answered ${response.status}`, isTransientStatus(response.status), response.status);
  return { bytes: decryptAmbAttachment(new Uint8Array(await response.arrayBuffer()), file.key), mime: 'application/octet-stream' };
}
