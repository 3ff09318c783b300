// Whether a channel takes a file: its manifest's inbound attachment rules (connectors/manifest.ts:
// the types it allows, as MIME types or families like `image/*`, and its size limits) and the
// deployment's own size limit. Checked against the type sniffed from the content, never a declared one.
import type { AttachmentRules } from '../../connectors/manifest';
import { ParleyError } from '../errors';
import type { SniffedType } from './sniff-type';

/** The largest file a visitor may upload unless the deployment says otherwise. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const matches = (pattern: string, mime: string) =>
  pattern === mime || (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1)));

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The size limit for this type on this channel: the tightest of the type's, the channel's and the deployment's. */
export function sizeLimit(rules: AttachmentRules, mime: string, deploymentMax: number): number {
  const byType = Object.entries(rules.maxBytesByType ?? {}).find(([pattern]) => matches(pattern, mime))?.[1];
  return Math.min(deploymentMax, rules.maxBytes ?? Infinity, byType ?? Infinity);
}

/** Rules that take any recognised type up to the deployment's limit (a file not yet tied to a channel). */
export const ANY_CHANNEL: AttachmentRules = { inbound: true, outbound: true, types: [], maxBytes: null };

/**
 * Refuses (throws) a file the channel does not take: from a customer (`inbound`) or sent by the
 * business (`outbound`). `sniffed` null = content Parley does not recognise.
 */
export function checkAttachment(rules: AttachmentRules, sniffed: SniffedType | null, size: number, deploymentMax: number, direction: 'inbound' | 'outbound' = 'inbound'): SniffedType {
  if (!rules[direction]) throw new ParleyError(415, 'attachments_not_accepted', `This channel does not ${direction === 'inbound' ? 'take' : 'send'} attachments.`);
  if (size === 0) throw new ParleyError(400, 'attachment_empty', 'The file is empty.');
  if (!sniffed) throw new ParleyError(415, 'attachment_type_unknown', 'The file\'s content is not a type Parley accepts (images, PDF, Office documents, text, audio, video).');
  if (rules.types.length > 0 && !rules.types.some((p) => matches(p, sniffed.mime))) {
    throw new ParleyError(415, 'attachment_type_refused', `This channel does not take ${sniffed.mime} files.`);
  }
  const limit = sizeLimit(rules, sniffed.mime, deploymentMax);
  if (size > limit) throw new ParleyError(413, 'attachment_too_large', `The file is ${megabytes(size)}; the limit is ${megabytes(limit)}.`);
  return sniffed;
}
