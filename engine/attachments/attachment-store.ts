// Stored attachments: a file is checked (type sniffed from its content, the channel's rules, the
// size limit) before anything is written; then its bytes go under the data directory and its
// metadata into `attachment_files`. A failed check writes nothing; a failed insert removes the file.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AttachmentRules } from '../../connectors/manifest';
import type { InboundAttachment } from '../../connectors/connector';
import type { Db } from '../db/open-database';
import { attachments } from '../db/schema';
import { attachmentFiles } from '../db/schema-attachments';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import { checkAttachment } from './attachment-rules';
import { sanitiseFileName } from './file-name';
import { sniffType } from './sniff-type';

export type AttachmentFile = typeof attachmentFiles.$inferSelect;

/** Where the bytes go: `attachments/` next to the database, i.e. in the data directory. */
export function attachmentsDir(db: Db): string {
  return join(dirname(db.$client.name), 'attachments');
}

export interface NewAttachment {
  accountId: string;
  channelId: string | null;
  uploader: string | null;
  bytes: Uint8Array;
  /** The name the sender gave (sanitised here); the type they declared is not even asked for. */
  declaredName?: string | null;
  /** The channel's inbound attachment rules (its manifest). */
  rules: AttachmentRules;
  /** The deployment's size limit. */
  maxBytes: number;
  /** From a customer (default) or sent by the business. */
  direction?: 'inbound' | 'outbound';
}

export function storeAttachment(db: Db, dir: string, input: NewAttachment, now = Date.now()): AttachmentFile {
  const type = checkAttachment(input.rules, sniffType(input.bytes.subarray(0, 8_192)), input.bytes.length, input.maxBytes, input.direction);
  const id = newId('file', now);
  const path = `${input.accountId}/${id}`;
  const row: AttachmentFile = {
    id, accountId: input.accountId, channelId: input.channelId, messageId: null, uploader: input.uploader,
    mime: type.mime, name: sanitiseFileName(input.declaredName, type), size: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'), path, createdAt: now,
  };
  const target = join(dir, path);
  mkdirSync(dirname(target), { recursive: true });
  // Written under a temporary name and renamed: a crash never leaves a half file under the real one.
  const temporary = `${target}.part`;
  try {
    writeFileSync(temporary, input.bytes, { flag: 'wx' });
    renameSync(temporary, target);
    db.insert(attachmentFiles).values(row).run();
  } catch (err) {
    rmSync(temporary, { force: true });
    rmSync(target, { force: true });
    throw err;
  }
  return row;
}

/** One of the account's files (another account's is "not found", like a missing one). */
export function findAttachment(db: Db, accountId: string, id: string): AttachmentFile {
  const row = db.select().from(attachmentFiles).where(and(eq(attachmentFiles.id, id), eq(attachmentFiles.accountId, accountId))).get();
  if (!row) throw new ParleyError(404, 'attachment_not_found', `No attachment with id ${id} in this account.`);
  return row;
}

/** Messages of this person's thread on the channel that carry the stored file (an agent's reply to them). */
const IN_THREAD = `select 1 from attachments a
  join messages m on m.id = a.message_id
  join cases c on c.id = m.case_id
  join contact_identities ci on ci.channel_id = c.channel_id and ci.contact_id = c.contact_id
  where ci.channel_id = ? and ci.external_id = ? and m.account_id = ? and (a.url = ? or a.url like ? escape '\\') limit 1`;

/** A file the visitor may see: one they uploaded on this channel, or one sent in their thread (anything else is "not found"). */
export function findVisitorAttachment(db: Db, channelId: string, visitor: string, id: string): AttachmentFile {
  const row = db.select().from(attachmentFiles).where(eq(attachmentFiles.id, id)).get();
  const theirs = row && row.channelId === channelId && row.uploader === visitor;
  const sentToThem = row && !theirs && db.$client.prepare(IN_THREAD).get(channelId, visitor, row.accountId, `${DOWNLOAD_PATH}${id}`, `%${DOWNLOAD_PATH}${id.replace(/[\\%_]/g, '\\$&')}`);
  if (!row || (!theirs && !sentToThem)) throw new ParleyError(404, 'attachment_not_found', `No attachment with id ${id} for this visitor.`);
  return row;
}

export function readAttachmentBytes(dir: string, row: AttachmentFile): Buffer {
  try {
    return readFileSync(join(dir, row.path));
  } catch {
    throw new ParleyError(410, 'attachment_gone', `The file of attachment ${row.id} is no longer stored.`);
  }
}

/** The uploader's files a message is about to carry: all must be theirs on this channel. */
export function uploadsForMessage(db: Db, channelId: string, uploader: string, ids: string[]): AttachmentFile[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(attachmentFiles)
    .where(and(inArray(attachmentFiles.id, ids), eq(attachmentFiles.channelId, channelId), eq(attachmentFiles.uploader, uploader))).all();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new ParleyError(400, 'attachment_unknown', `Upload the files first: ${missing.join(', ')} is not an upload of this visitor.`, missing.map((id) => ({ path: 'attachments', message: `Unknown attachment ${id}` })));
  }
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** The files now belong to the stored message (files already linked stay with their first message). */
export function linkToMessage(db: Db, ids: string[], messageId: string): void {
  if (ids.length === 0) return;
  db.update(attachmentFiles).set({ messageId }).where(and(inArray(attachmentFiles.id, ids), isNull(attachmentFiles.messageId))).run();
}

const DOWNLOAD_PATH = '/api/v1/attachments/';
const STORED_URL = /^(?:https?:\/\/[^/]+)?\/api\/v1\/attachments\/(file_[a-z0-9]+)$/;

/** How a message carries a stored file: its authorised download URL for agents, the sniffed type, the clean name. */
export function asInboundAttachment(row: AttachmentFile): InboundAttachment {
  return { url: `${DOWNLOAD_PATH}${row.id}`, mime: row.mime, name: row.name, size: row.size };
}

/** A message's attachment as the visitor's widget sees it: a stored file by id, or another file by URL. */
export interface ThreadAttachment {
  fileId?: string;
  url?: string;
  mime: string;
  name: string | null;
  size: number | null;
}

/** The attachments of these messages, by message id (for the visitor's thread). */
export function threadAttachments(db: Db, messageIds: string[]): Map<string, ThreadAttachment[]> {
  const byMessage = new Map<string, ThreadAttachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = db.select().from(attachments).where(inArray(attachments.messageId, messageIds)).all();
  for (const r of rows) {
    // Parley's own download URL, relative (a visitor's upload) or absolute (an agent's file in a reply).
    const stored = r.url ? STORED_URL.exec(r.url)?.[1] : undefined;
    const item: ThreadAttachment = { ...(stored ? { fileId: stored } : r.url ? { url: r.url } : {}), mime: r.mime, name: r.name, size: r.size };
    byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), item]);
  }
  return byMessage;
}

/** The stored file a message attachment's URL points at (`…/api/v1/attachments/<id>`, relative or absolute), if any. */
export function storedFileOf(db: Db, accountId: string, url: string): AttachmentFile | undefined {
  const at = url.lastIndexOf(DOWNLOAD_PATH);
  if (at < 0) return undefined;
  const id = url.slice(at + DOWNLOAD_PATH.length).split(/[?#]/)[0];
  return db.select().from(attachmentFiles).where(and(eq(attachmentFiles.id, id), eq(attachmentFiles.accountId, accountId))).get();
}
