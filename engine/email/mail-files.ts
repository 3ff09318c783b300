// A mail's files kept like every channel's attachments (engine/attachments): each checked by its
// content and the size limit, stored under the data directory, served to agents with authorisation.
// A file Parley does not keep is named in the message instead, so the agent knows it was there.
import { emailManifest } from '../../connectors/email/manifest';
import type { InboundAttachment } from '../../connectors/connector';
import type { MailFile } from '../../connectors/email/read-mail';
import { asInboundAttachment, attachmentsDir, linkToMessage, storeAttachment } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import type { Mailbox } from './email-mailboxes';

export interface KeptFiles {
  attachments: InboundAttachment[];
  fileIds: string[];
  /** One line per file not kept, with the reason. */
  notKept: string[];
}

export function keepMailFiles(db: Db, mailbox: Mailbox, sender: string, files: MailFile[], maxBytes: number): KeptFiles {
  const kept: KeptFiles = { attachments: [], fileIds: [], notKept: [] };
  for (const file of files) {
    try {
      const row = storeAttachment(db, attachmentsDir(db), {
        accountId: mailbox.accountId, channelId: mailbox.channelId, uploader: sender, bytes: file.content,
        declaredName: file.name ?? null, rules: emailManifest.capabilities.attachments, maxBytes,
      });
      kept.attachments.push(asInboundAttachment(row));
      kept.fileIds.push(row.id);
    } catch (err) {
      if (!(err instanceof ParleyError)) throw err;
      kept.notKept.push(`[Attachment "${file.name ?? 'unnamed'}" was not kept: ${err.message}]`);
    }
  }
  return kept;
}

export { linkToMessage };
