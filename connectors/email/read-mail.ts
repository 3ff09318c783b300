// A parsed mail (mailparser) as the facts Parley needs: who wrote, which thread it answers, the
// text its author wrote, its files, and whether a person wrote it at all.
import type { AddressObject, ParsedMail } from 'mailparser';
import { classifyMail, readBounce, type AutoMailKind } from './auto-mail';
import { visibleReplyText } from './visible-text';

export interface MailFile {
  name?: string;
  /** As the sender declared it; storage checks the bytes. */
  declaredType: string;
  size: number;
  content: Buffer;
  /** Inline images referenced from the HTML (cid:) are part of the body, not files the customer sent. */
  inline: boolean;
}

export interface MailFacts {
  /** RFC 5322 Message-ID with its angle brackets; made from the content hash when the mail has none. */
  messageId: string;
  inReplyTo?: string;
  /** Oldest first. */
  references: string[];
  subject: string;
  from?: { address: string; name?: string };
  /** Every To / Cc / Delivered-To address, lower-cased. */
  recipients: string[];
  /** What the author wrote, without the quoted history. */
  text: string;
  occurredAt: number;
  files: MailFile[];
  kind: AutoMailKind;
  /** For a bounce: the Message-ID of the mail it reports and the server's diagnostic. */
  bounce?: { originalMessageId?: string; diagnostic: string };
}

const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((v) => v.trim()).filter((v) => /^<[^<>\s]+>$/.test(v));

const addresses = (field: AddressObject | AddressObject[] | undefined): { address: string; name?: string }[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value)
    .filter((a): a is { address: string; name: string } => typeof a.address === 'string' && a.address !== '')
    .map((a) => ({ address: a.address.toLowerCase(), ...(a.name ? { name: a.name } : {}) }));

function flatHeaders(mail: ParsedMail): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [name, value] of mail.headers) {
    if (typeof value === 'string') flat.set(name, value);
    else if (value && typeof value === 'object' && 'value' in value) {
      const v = value as { value: unknown; params?: Record<string, string> };
      const params = Object.entries(v.params ?? {}).map(([k, p]) => `; ${k}=${p}`).join('');
      flat.set(name, `${String(v.value)}${params}`);
    } else if (Array.isArray(value)) flat.set(name, value.map(String).join(', '));
  }
  return flat;
}

/** `fallbackId` names a mail without a Message-ID (a hash of its bytes, so a redelivery matches). */
export function readMail(mail: ParsedMail, fallbackId: string, receivedAt: number): MailFacts {
  const from = addresses(mail.from)[0];
  const headers = flatHeaders(mail);
  const kind = classifyMail(headers, from?.address);
  const delivered = (headers.get('delivered-to') ?? '').split(',').map((a) => a.trim().toLowerCase()).filter(Boolean);
  const text = (mail.text ?? '').replace(/\s+$/, '');
  const inReplyTo = ids(mail.inReplyTo)[0];
  return {
    messageId: ids(mail.messageId)[0] ?? `<${fallbackId}@parley.invalid>`,
    ...(inReplyTo ? { inReplyTo } : {}),
    references: ids(mail.references),
    subject: (mail.subject ?? '').trim(),
    ...(from ? { from } : {}),
    recipients: [...new Set([...addresses(mail.to), ...addresses(mail.cc)].map((a) => a.address).concat(delivered))],
    text: visibleReplyText(text),
    occurredAt: mail.date && !Number.isNaN(mail.date.getTime()) && mail.date.getTime() <= receivedAt + 5 * 60_000 ? mail.date.getTime() : receivedAt,
    files: mail.attachments.map((a) => ({
      ...(a.filename ? { name: a.filename } : {}), declaredType: a.contentType, size: a.size, content: a.content,
      inline: a.contentDisposition === 'inline' && Boolean(a.cid) && (mail.html || '').includes(`cid:${a.cid}`),
    })),
    kind,
    ...(kind.kind === 'bounce' ? { bounce: readBounce([text, ...mail.attachments.filter((a) => /message\/(rfc822|delivery-status)|text\/rfc822-headers/i.test(a.contentType)).map((a) => a.content.toString('utf8'))].join('\n')) } : {}),
  };
}
