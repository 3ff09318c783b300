// Message attachments that are only a provider's reference (a Telegram file_id, Slack's url_private,
// Twilio's MediaUrl, an X DM media URL, a WhatsApp media id): the first time an agent opens one,
// Parley downloads it through the channel's connector (`fetchMedia`, with the channel's credentials,
// which never reach the browser), checks and stores it like any upload, and points the attachment at
// the stored copy. Every later request serves that copy without calling the provider again.
import { and, eq, isNull } from 'drizzle-orm';
import { SendError, type Connector, type ConnectorDeps } from '../../connectors/connector';
import type { Db } from '../db/open-database';
import { attachments, messages } from '../db/schema';
import { attachmentFiles } from '../db/schema-attachments';
import { ParleyError } from '../errors';
import { ANY_CHANNEL } from './attachment-rules';
import { asInboundAttachment, storeAttachment, storedFileOf, type AttachmentFile } from './attachment-store';

export type MessageAttachment = typeof attachments.$inferSelect;

/** What Parley needs of the channel store: a channel's connector and decrypted config. */
export interface ChannelLookup {
  context(id: string): { connector: Connector; ctx: { config: Record<string, unknown> } } | null;
}

export interface ProviderMediaDeps {
  db: Db;
  dir: string;
  maxBytes: number;
  channels: ChannelLookup;
  connectorDeps: ConnectorDeps;
  now?: () => number;
}

/** A message attachment of the account, with the channel its message came through. */
export function findMessageAttachment(db: Db, accountId: string, id: string): { row: MessageAttachment; channelId: string; messageId: string } {
  const found = db.select({ row: attachments, channelId: messages.channelId }).from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .where(and(eq(attachments.id, id), eq(attachments.accountId, accountId))).get();
  if (!found) throw new ParleyError(404, 'attachment_not_found', `No attachment with id ${id} in this account.`);
  return { row: found.row, channelId: found.channelId, messageId: found.row.messageId };
}

/** The attachment now points at the stored copy (its download URL, the sniffed type, the clean name). */
function adoptStoredFile(db: Db, attachmentId: string, messageId: string, file: AttachmentFile): void {
  const stored = asInboundAttachment(file);
  db.transaction((tx) => {
    tx.update(attachments).set({ url: stored.url, mime: stored.mime, name: stored.name, size: stored.size }).where(eq(attachments.id, attachmentId)).run();
    tx.update(attachmentFiles).set({ messageId }).where(and(eq(attachmentFiles.id, file.id), isNull(attachmentFiles.messageId))).run();
  });
}

// Two agents opening the same new attachment at once share one download.
const inFlight = new Map<string, Promise<AttachmentFile>>();

/** The stored file of a message attachment, downloading it from the provider the first time. */
export function openMessageAttachment(deps: ProviderMediaDeps, accountId: string, id: string): Promise<AttachmentFile> {
  const { row, channelId, messageId } = findMessageAttachment(deps.db, accountId, id);
  const stored = row.url ? storedFileOf(deps.db, accountId, row.url) : undefined;
  if (stored) return Promise.resolve(stored);
  const running = inFlight.get(id);
  if (running) return running;
  const download = fetchAndStore(deps, accountId, row, channelId, messageId).finally(() => inFlight.delete(id));
  inFlight.set(id, download);
  return download;
}

async function fetchAndStore(deps: ProviderMediaDeps, accountId: string, row: MessageAttachment, channelId: string, messageId: string): Promise<AttachmentFile> {
  const found = deps.channels.context(channelId);
  const label = found?.connector.manifest.displayName ?? 'This channel';
  if (!found?.connector.fetchMedia) {
    throw new ParleyError(409, 'media_unsupported', row.url
      ? `${label} attachments are links Parley does not download: open ${row.url}`
      : `${label} did not give Parley a way to download this attachment.`);
  }
  if (!row.url) throw new ParleyError(409, 'media_unsupported', `${label} gave no reference to download this attachment.`);
  let media;
  try {
    media = await found.connector.fetchMedia(found.ctx.config, row.url, deps.connectorDeps);
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    throw new ParleyError(502, 'media_unavailable', `${label} did not return the file: ${err.message}`, [{ path: 'provider', message: err.message }]);
  }
  if (media.bytes.length > deps.maxBytes) {
    throw new ParleyError(413, 'attachment_too_large', `The file is ${media.bytes.length} bytes; the limit is ${deps.maxBytes}.`);
  }
  // Checked like any upload: the type sniffed from the bytes (the provider's declared one is ignored).
  const file = storeAttachment(deps.db, deps.dir, {
    accountId, channelId, uploader: null, bytes: media.bytes, declaredName: row.name ?? media.name ?? null, rules: ANY_CHANNEL, maxBytes: deps.maxBytes,
  }, deps.now?.() ?? Date.now());
  adoptStoredFile(deps.db, row.id, messageId, file);
  return file;
}
