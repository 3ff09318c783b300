// A reply's files as mail attachments: files Parley stores are read from the data directory (their
// download URL needs an agent's sign-in, which the mail server does not have); other http(s) URLs are
// fetched by nodemailer when it sends (`href`, never `path`: a path would read any file on this machine).
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { EmailFile } from '../../connectors/email/send';
import { attachmentsDir, storedFileOf } from '../attachments/attachment-store';
import type { UnstoredMessage } from '../attachments/unstored-message';
import type { Db } from '../db/open-database';
import { attachments, messages } from '../db/schema';

/** `unstored`: a message with no row in `messages` (a campaign send): its account and attachments. */
export function mailFilesOf(db: Db, messageId: string, unstored?: UnstoredMessage): EmailFile[] {
  const message = unstored ?? db.select({ accountId: messages.accountId }).from(messages).where(eq(messages.id, messageId)).get();
  if (!message) return [];
  const carried: UnstoredMessage['attachments'] = unstored?.attachments
    ?? db.select().from(attachments).where(eq(attachments.messageId, messageId)).all().map((a) => ({ url: a.url ?? undefined, mime: a.mime, name: a.name ?? undefined }));
  return carried.flatMap((a): EmailFile[] => {
    if (!a.url) return [];
    const stored = storedFileOf(db, message.accountId, a.url);
    return stored
      ? [{ filename: stored.name, path: join(attachmentsDir(db), stored.path), contentType: stored.mime }]
      : /^https?:\/\//i.test(a.url) ? [{ ...(a.name ? { filename: a.name } : {}), href: a.url, contentType: a.mime }] : [];
  });
}
