// Files an agent sends on Apple Messages for Business, the way Apple's MSP REST API asks
// ("Sending Messages with Attachments"): each file is encrypted with AES-256-CTR (AES/CTR/NoPadding,
// an all-zero 16-byte IV) under a fresh random 256-bit key; `GET {gateway}/v1/preUpload` with the
// MSP's JWT, `Source-Id` (the business) and `MMCS-Size` (the encrypted size) answers `upload-url`,
// `mmcs-url` and `mmcs-owner`; the encrypted bytes are POSTed to `upload-url`, whose answer
// `singleFile.fileChecksum` is the attachment's `signature-base64`. The message then names the file
// as { name, mimeType, size, signature-base64, url: mmcs-url, owner: mmcs-owner, key: "00" + hex key }.
//
// Where public sources disagree we follow Apple's: the size header is `MMCS-Size`, as in Apple's own
// MSP sample code (2025, send_attachment); the older Business Chat reference page shows `size` in
// its sample request. `size` in the attachment is a string of the encrypted size (the same as the
// plain size under CTR), as in that sample; the key is upper-case hex, as its `base64.b16encode` writes.
// Not verified against Apple's real gateway.
import { createCipheriv, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { SendError, type ConnectorDeps, type OutboundMessage } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { outboundFileName, outboundFilesOf, readOutboundFile, type OutboundFile } from '../shared/outbound-files';
import { DEFAULT_TIMEOUT_MS, type AppleMessagesConfig } from './config';
import { appleMessagesManifest } from './manifest';
import { mspToken } from './msp-token';

/** One file as Apple's message carries it (the Attachment dictionary). */
export interface AmbOutboundAttachment {
  name: string;
  mimeType: string;
  /** Bytes of the encrypted file, as a string (Apple's sample sends it so). */
  size: string;
  'signature-base64': string;
  url: string;
  owner: string;
  /** "00" followed by the 256-bit AES key in hex. */
  key: string;
}

/** Encrypts a file for Apple: AES-256-CTR, zero IV, a fresh random key; the key as Apple writes it ("00" + hex). */
export function encryptAmbAttachment(plain: Uint8Array): { encrypted: Buffer; key: string } {
  const aesKey = randomBytes(32);
  const cipher = createCipheriv('aes-256-ctr', aesKey, Buffer.alloc(16, 0));
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { encrypted, key: `00${aesKey.toString('hex').toUpperCase()}` };
}

/** The reply's files: the engine's context (stored files as local paths, others as URLs), else the attachment URLs. */
export function appleFilesOf(message: OutboundMessage): OutboundFile[] {
  // The engine lists stored files with `path` and other URLs with `href` (engine/email/mail-attachments.ts).
  return outboundFilesOf(message, 'apple').map((f) => {
    const href = (f as { href?: string }).href;
    return f.path ? f : { ...f, path: href ?? '' };
  });
}

const ATTACHMENT_RULES = appleMessagesManifest.capabilities.attachments;

/** Refuses (permanently) a reply whose files Apple would not take: more than the manifest allows per message, or too large. */
function checkLimits(files: OutboundFile[], sizes?: number[]) {
  const most = ATTACHMENT_RULES.maxPerMessage;
  if (most !== undefined && files.length > most) throw new SendError(`Apple Messages for Business takes at most ${most} files in a message; this reply has ${files.length}.`, false);
  const limit = ATTACHMENT_RULES.maxBytes;
  sizes?.forEach((size, i) => {
    if (limit !== null && size > limit) {
      throw new SendError(`${outboundFileName(files[i])} is ${Math.ceil(size / 1024 / 1024)} MB; Apple Messages for Business takes files up to ${limit / 1024 / 1024} MB.`, false);
    }
  });
}

const gateway = (config: AppleMessagesConfig) => config.apiBaseUrl.replace(/\/+$/, '');
const said = async (response: Response) => (await response.text().catch(() => '')).trim().slice(0, 300);

/** preUpload: where to put a file of `size` encrypted bytes, and how the message will name it. */
async function preUpload(config: AppleMessagesConfig, size: number, deps: ConnectorDeps): Promise<{ uploadUrl: string; url: string; owner: string }> {
  const response = await fetchProvider(deps, `${gateway(config)}/v1/preUpload`, {
    method: 'GET',
    headers: { authorization: `Bearer ${await mspToken(config, deps.now())}`, 'source-id': config.businessId, 'mmcs-size': String(size) },
  }, { timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'Apple preUpload', unreachable: "Apple's gateway" });
  if (!response.ok) {
    const reason = await said(response);
    throw new SendError(`Apple preUpload answered ${response.status}${reason ? `: ${reason}` : ''}`, isTransientStatus(response.status), response.status);
  }
  let answer: { 'upload-url'?: unknown; 'mmcs-url'?: unknown; 'mmcs-owner'?: unknown } = {};
  try { answer = await response.json() as typeof answer; } catch { /* checked below */ }
  const [uploadUrl, url, owner] = [answer['upload-url'], answer['mmcs-url'], answer['mmcs-owner']];
  if (typeof uploadUrl !== 'string' || !/^https?:\/\//.test(uploadUrl) || typeof url !== 'string' || !url || typeof owner !== 'string' || !owner) {
    throw new SendError('Apple preUpload did not answer an upload-url, mmcs-url and mmcs-owner.', true);
  }
  return { uploadUrl, url, owner };
}

/** Encrypts one file, uploads it and answers its Attachment dictionary. */
export async function uploadAppleAttachment(file: OutboundFile, config: AppleMessagesConfig, deps: ConnectorDeps): Promise<AmbOutboundAttachment> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A stored file too large for Apple is refused before it is read into memory.
  if (isAbsolute(file.path)) checkLimits([file], [await stat(file.path).then((s) => s.size, () => 0)]);
  const plain = await readOutboundFile(file, timeoutMs, deps, 'Apple Messages for Business');
  checkLimits([file], [plain.length]);
  const { encrypted, key } = encryptAmbAttachment(plain);
  const slot = await preUpload(config, encrypted.length, deps);
  // The upload URL is Apple's storage: no JWT, only the bytes (content-length is set by fetch).
  const response = await fetchProvider(deps, slot.uploadUrl, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(encrypted),
  }, { timeoutMs, slow: 'Apple attachment upload', unreachable: "Apple's attachment storage" });
  const name = outboundFileName(file);
  if (!response.ok) {
    const reason = await said(response);
    throw new SendError(`Apple's attachment storage answered ${response.status} for ${name}${reason ? `: ${reason}` : ''}`, isTransientStatus(response.status), response.status);
  }
  let checksum: unknown;
  try { checksum = ((await response.json()) as { singleFile?: { fileChecksum?: unknown } }).singleFile?.fileChecksum; } catch { /* checked below */ }
  if (typeof checksum !== 'string' || !checksum) throw new SendError(`Apple's attachment storage gave no singleFile.fileChecksum for ${name}.`, true);
  return {
    name, mimeType: file.contentType.split(';')[0].trim() || 'application/octet-stream', size: String(encrypted.length),
    'signature-base64': checksum, url: slot.url, owner: slot.owner, key,
  };
}

/** Uploads every file of the reply, in order (none is sent if one fails, so a retry starts clean). */
export async function uploadAppleAttachments(message: OutboundMessage, config: AppleMessagesConfig, deps: ConnectorDeps): Promise<AmbOutboundAttachment[]> {
  const files = appleFilesOf(message);
  checkLimits(files);
  const uploaded: AmbOutboundAttachment[] = [];
  for (const file of files) uploaded.push(await uploadAppleAttachment(file, config, deps));
  return uploaded;
}
