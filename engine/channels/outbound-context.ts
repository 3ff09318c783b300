// What a connector needs beyond the message that only Parley's records know, by channel type
// (OutboundMessage.context): email's subject, thread headers and answer links, Teams' service URL, …
import type { Db } from '../db/open-database';
import { caseCustomerLocale } from '../contacts/customer-locale';
import { answerLinksFor } from '../email/answer-links';
import { emailReplyContext } from '../email/email-threads';
import { newSubjectOf } from '../email/message-subject';
import { mailFilesOf } from '../email/mail-attachments';
import { publicMediaContext } from '../attachments/outbound-media-links';
import { takeLineReplyToken } from '../line/line-reply-tokens';
import { teamsReplyContext } from '../teams/teams-conversations';

/** The message being sent, and where Parley is reached from outside (for links in messages). */
export interface OutboundFacts {
  messageId: string;
  content: unknown;
  publicUrl: string;
}

const PROVIDERS: Record<string, (db: Db, caseId: string, message: OutboundFacts) => Record<string, unknown>> = {
  email: (db, caseId, m) => ({ email: { ...emailReplyContext(db, caseId), ...newSubjectOf(m.content), answerLinks: answerLinksFor(db, m.publicUrl, m.messageId, m.content), files: mailFilesOf(db, m.messageId) } }),
  teams: (db, caseId) => ({ teams: teamsReplyContext(db, caseId) }),
  // Slack uploads a reply's files: stored ones are read from the data directory (their URL needs a sign-in).
  slack: (db, _caseId, m) => ({ slack: { files: mailFilesOf(db, m.messageId) } }),
  'x-dm': (db, _caseId, m) => ({ x: { files: mailFilesOf(db, m.messageId) } }),
  'apple-messages': (db, _caseId, m) => ({ apple: { files: mailFilesOf(db, m.messageId) } }),
  telegram: (db, _caseId, m) => ({ telegram: { files: mailFilesOf(db, m.messageId) } }),
  line: (db, caseId) => ({ line: takeLineReplyToken(db, caseId) }),
  // Providers that fetch media from a URL: each stored file gets a signed, expiring public link (/media/…).
  viber: (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl) }),
  messenger: (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl) }),
  'instagram-direct': (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl) }),
  whatsapp: (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl) }),
  // WeChat uploads images and voice from the data directory; other files go as these public links.
  wechat: (db, _caseId, m) => ({ publicMedia: publicMediaContext(db, m.messageId, m.content, m.publicUrl) }),
};

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
