// What a connector needs beyond the message that only Parley's records know, by channel type
// (OutboundMessage.context): email's subject, thread headers and answer links, Teams' service URL, …
import type { Db } from '../db/open-database';
import { answerLinksFor } from '../email/answer-links';
import { emailReplyContext } from '../email/email-threads';
import { mailFilesOf } from '../email/mail-attachments';
import { takeLineReplyToken } from '../line/line-reply-tokens';
import { teamsReplyContext } from '../teams/teams-conversations';

/** The message being sent, and where Parley is reached from outside (for links in messages). */
export interface OutboundFacts {
  messageId: string;
  content: unknown;
  publicUrl: string;
}

const PROVIDERS: Record<string, (db: Db, caseId: string, message: OutboundFacts) => Record<string, unknown>> = {
  email: (db, caseId, m) => ({ email: { ...emailReplyContext(db, caseId), answerLinks: answerLinksFor(db, m.publicUrl, m.messageId, m.content), files: mailFilesOf(db, m.messageId) } }),
  teams: (db, caseId) => ({ teams: teamsReplyContext(db, caseId) }),
  line: (db, caseId) => ({ line: takeLineReplyToken(db, caseId) }),
};

export function outboundContext(db: Db, channelType: string, caseId: string, message: OutboundFacts): Record<string, unknown> | undefined {
  return PROVIDERS[channelType]?.(db, caseId, message);
}
