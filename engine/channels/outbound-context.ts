// What a connector needs beyond the message that only Parley's records know, by channel type
// (OutboundMessage.context): email's subject, thread headers and answer links, Teams' service URL, …
import type { Db } from '../db/open-database';
import { caseCustomerLocale } from '../contacts/customer-locale';
import { answerLinksFor } from '../email/answer-links';
import { emailReplyContext } from '../email/email-threads';
import { newSubjectOf } from '../email/message-subject';
import { mailFilesOf } from '../email/mail-attachments';
import { publicMediaContext } from '../attachments/outbound-media-links';
import type { UnstoredMessage } from '../attachments/unstored-message';
import { takeLineReplyToken } from '../line/line-reply-tokens';
import { teamsReplyContext } from '../teams/teams-conversations';

/** The message being sent, and where Parley is reached from outside (for links in messages). */
export interface OutboundFacts {
  messageId: string;
  content: unknown;
  publicUrl: string;
  /** A message with no row in `messages` (a campaign send, engine/outreach/campaign-outbound.ts): its account and files. */
  unstored?: UnstoredMessage;
}

type ContextOf = (db: Db, caseId: string, message: OutboundFacts) => Record<string, unknown>;

/** Connectors that upload a reply's files themselves: stored ones are read from the data directory (their URL needs a sign-in). */
const storedFiles = (key: string): ContextOf => (db, _caseId, m) => ({ [key]: { files: mailFilesOf(db, m.messageId, m.unstored) } });
/** Providers that fetch media from a URL: each stored file gets a signed, expiring public link (/media/…). */
const publicLinks: ContextOf = (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl, undefined, m.unstored) });

const UPLOADERS: Record<string, ContextOf> = {
  slack: storedFiles('slack'),
  'x-dm': storedFiles('x'),
  'apple-messages': storedFiles('apple'),
  telegram: storedFiles('telegram'),
};

const PROVIDERS: Record<string, ContextOf> = {
  ...UPLOADERS,
  email: (db, caseId, m) => ({ email: { ...emailReplyContext(db, caseId), ...newSubjectOf(m.content), answerLinks: m.unstored ? {} : answerLinksFor(db, m.publicUrl, m.messageId, m.content), files: mailFilesOf(db, m.messageId, m.unstored) } }),
  // Teams: files of personal chats by file consent; what Teams or the customer fetches by URL (images, links) as public links.
  teams: (db, caseId, m) => ({ teams: teamsReplyContext(db, caseId, m.unstored ? undefined : m.messageId), ...publicLinks(db, caseId, m) }),
  line: (db, caseId) => ({ line: takeLineReplyToken(db, caseId) }),
  viber: publicLinks,
  messenger: publicLinks,
  'instagram-direct': publicLinks,
  // By link (its default); in upload mode the connector uploads each file from the entry's `path`
  // (attachments and template header files alike), so it needs no public link.
  whatsapp: publicLinks,
  // WeChat uploads images and voice from the data directory; other files go as these public links.
  wechat: publicLinks,
};

/**
 * Channel types whose connector uploads the files a message carries (`files` above) rather than
 * handing the provider their URLs: a stored file's URL in the content would reach the customer as a
 * link needing an agent's sign-in, so a campaign sends it as an attachment.
 */
export const UPLOADING_CHANNEL_TYPES: ReadonlySet<string> = new Set(['email', ...Object.keys(UPLOADERS)]);

export function outboundContext(db: Db, channelType: string, caseId: string, message: OutboundFacts): Record<string, unknown> | undefined {
  return PROVIDERS[channelType]?.(db, caseId, message);
}

/**
 * The customer's locale for OutboundMessage.locale (contact > channel > account default, see
 * engine/contacts/customer-locale.ts): renderers put the words Parley adds in that language.
 */
export function outboundLocale(db: Db, caseId: string): string | undefined {
  return caseCustomerLocale(db, caseId);
}
