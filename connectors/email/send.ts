// Sends one reply over SMTP (nodemailer): HTML and plain-text parts from the email renderer, a
// Message-ID made from Parley's message id (so a retried send is the same mail and the customer's
// answer finds its thread), In-Reply-To / References to the thread, and a plus-addressed Reply-To.
// One attempt; SMTP 4xx and network failures are transient, 5xx and authentication permanent.
// Subject: "Re: …" of the thread's subject in a thread; a mail that starts one (a campaign, a rule
// writing to a contact first) takes the subject its sender gave, else "<account>: <first line>".
import nodemailer from 'nodemailer';
import { type ChannelContext, type ConnectorDeps, type OutboundMessage, SendError, type SendResult } from '../connector';
import type { EmailConfig } from './config';
import { contentMessageOf } from '../shared/outbound-content';
import { renderEmail, type EmailBody } from './render';
import { escapeHtml } from '../shared/rich-text/to-html';
import { replyAddress } from './reply-address';

/** What the engine knows about the thread (engine/email/email-outbound-context.ts). */
export interface EmailThreadContext {
  /** The thread's subject (a reply says "Re: " + it); absent when the mail starts the thread. */
  subject?: string;
  /** The subject a mail that starts a thread was given (the campaign's, placeholders filled). */
  newSubject?: string;
  /** Who writes first, for a subject nobody gave: the account's name. */
  senderName?: string;
  inReplyTo?: string;
  references?: string[];
  replyToken?: string;
  /** Option id → a link that answers with it (email has no buttons). */
  answerLinks?: Record<string, string>;
  /** The reply's files: a local path for files Parley stores, else the URL nodemailer fetches. */
  files?: EmailFile[];
}

/** A file to attach: `path` only for files Parley stores (read from its data directory), `href` for http(s) URLs. */
export interface EmailFile {
  filename?: string;
  path?: string;
  href?: string;
  contentType: string;
}

/** A URL from content or a reply as an attachment nodemailer fetches; anything but http(s) is dropped (never read as a local path). */
const urlFile = (url: string, contentType: string, filename?: string): EmailFile[] =>
  /^https?:\/\//i.test(url) ? [{ ...(filename ? { filename } : {}), href: url, contentType }] : [];

export const emailMessageId = (parleyMessageId: string, address: string) => `<${parleyMessageId}@${address.split('@')[1]}>`;

export function replySubject(subject: string | undefined): string {
  const base = (subject ?? '').trim();
  if (base === '') return 'Your message';
  return /^(re|aw|sv|rv)\s*:/i.test(base) ? base : `Re: ${base}`;
}

/** Longest subject Parley makes up itself (RFC 5322 recommends lines of at most 78 characters). */
const MADE_UP_SUBJECT_CHARS = 78;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** The mail's subject; see the header comment. `fallbackSender` names the channel when the account's name is unknown. */
export function subjectOf(thread: EmailThreadContext, text: string, fallbackSender: string): string {
  if (thread.subject !== undefined) return replySubject(thread.subject);
  if (thread.newSubject && oneLine(thread.newSubject)) return oneLine(thread.newSubject);
  const sender = oneLine(thread.senderName ?? '') || fallbackSender;
  const firstLine = oneLine(text.split(/\n/).find((line) => line.trim() !== '') ?? '');
  return clip(firstLine ? `${sender}: ${firstLine}` : sender, MADE_UP_SUBJECT_CHARS);
}

function bodyOf(message: OutboundMessage, links: Record<string, string> | undefined): EmailBody {
  const answerLink = links && Object.keys(links).length ? (optionId: string) => links[optionId] ?? '' : undefined;
  const rendered = renderEmail(contentMessageOf(message), { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale, ...(answerLink ? { answerLink } : {}) });
  return rendered.payloads[0] ?? { html: `<p>${escapeHtml(message.text)}</p>`, text: message.text };
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EPROTOCOL']);

function classify(err: unknown): SendError {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const said = (e.response ?? e.message ?? String(err)).trim().slice(0, 300);
  if (e.code === 'EAUTH') return new SendError(`The SMTP server refused the login: ${said}`, false, e.responseCode);
  if (typeof e.responseCode === 'number') {
    return new SendError(`The SMTP server answered ${e.responseCode}: ${said}`, e.responseCode < 500, e.responseCode);
  }
  if (e.code && TRANSIENT_CODES.has(e.code)) return new SendError(`Could not reach the SMTP server (${e.code}): ${said}`, true);
  return new SendError(`Sending failed: ${said}`, true);
}

export async function sendEmailMessage(message: OutboundMessage, channel: ChannelContext<EmailConfig>, _deps: ConnectorDeps): Promise<SendResult> {
  const config = channel.config;
  const to = message.recipient.externalId;
  if (!to.includes('@')) throw new SendError(`The contact's email identity "${to}" is not an address.`, false);
  const thread = (message.context?.email ?? {}) as EmailThreadContext;
  const body = bodyOf(message, thread.answerLinks);
  // Attachment blocks of the content, then the files attached to the reply.
  const files: EmailFile[] = [
    ...(body.attachments ?? []).flatMap((a) => urlFile(a.path, a.contentType, a.filename)),
    ...(thread.files ?? message.attachments.flatMap((a) => (a.url ? urlFile(a.url, a.mime, a.name) : []))),
  ];
  const messageId = emailMessageId(message.id, config.address);
  const transport = nodemailer.createTransport({
    host: config.smtpHost, port: config.smtpPort, secure: config.smtpSecure, ignoreTLS: config.smtpIgnoreTls,
    ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
    connectionTimeout: config.timeoutMs, greetingTimeout: config.timeoutMs, socketTimeout: config.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: config.fromName ? { name: config.fromName, address: config.address } : config.address,
      to: message.recipient.name ? { name: message.recipient.name, address: to } : to,
      subject: subjectOf(thread, body.text || message.text, config.fromName ?? config.address.split('@')[1]),
      text: body.text,
      html: body.html,
      messageId,
      ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
      ...(thread.references?.length ? { references: thread.references } : {}),
      ...(thread.replyToken ? { replyTo: replyAddress(config.address, thread.replyToken) } : {}),
      ...(files.length ? { attachments: files } : {}),
    });
    return { providerMessageId: messageId };
  } catch (err) {
    throw classify(err);
  } finally {
    transport.close();
  }
}
