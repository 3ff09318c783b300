// Mail no person wrote: auto-replies (RFC 3834 Auto-Submitted, vacation responders, list and bulk
// mail) and delivery status notifications (RFC 3464 bounces). They must not open cases or make
// Parley answer an auto-responder (mail loops); a bounce of Parley's own reply fails that reply.

/** Header names lower-cased, values as text (mailparser's `headers` map, flattened). */
export type MailHeaders = ReadonlyMap<string, string>;

export type AutoMailKind =
  | { kind: 'person' }
  | { kind: 'auto_reply'; reason: string }
  | { kind: 'bounce'; reason: string };

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);

/** Classifies a parsed mail by its headers and content type. */
export function classifyMail(headers: MailHeaders, from: string | undefined): AutoMailKind {
  const contentType = headers.get('content-type') ?? '';
  if (/multipart\/report/i.test(contentType) && /report-type\s*=\s*"?delivery-status/i.test(contentType)) {
    return { kind: 'bounce', reason: 'a delivery status notification (multipart/report; report-type=delivery-status)' };
  }
  const local = (from ?? '').split('@')[0].toLowerCase();
  if (local === 'mailer-daemon' || local === 'postmaster') return { kind: 'bounce', reason: `sent by ${from}` };
  const autoSubmitted = (headers.get('auto-submitted') ?? 'no').trim().toLowerCase();
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const value = headers.get(name);
    if (value !== undefined && name !== 'x-auto-response-suppress') return { kind: 'auto_reply', reason: `${name}: ${value}` };
  }
  const precedence = (headers.get('precedence') ?? '').trim().toLowerCase();
  if (AUTO_PRECEDENCE.has(precedence)) return { kind: 'auto_reply', reason: `Precedence: ${precedence}` };
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return { kind: 'auto_reply', reason: 'mailing-list mail (List-Id / List-Unsubscribe)' };
  return { kind: 'person' };
}

/**
 * What a delivery status notification says about the mail it reports: the Message-ID of the
 * original (from the returned headers) and the diagnostic (RFC 3464 Diagnostic-Code / Status).
 */
export function readBounce(text: string): { originalMessageId?: string; diagnostic: string } {
  const id = /^\s*Message-ID:\s*(<[^>\s]+>)/im.exec(text)?.[1];
  const diagnostic = /^\s*Diagnostic-Code:\s*(?:smtp;\s*)?(.+)$/im.exec(text)?.[1]?.trim()
    ?? /^\s*Status:\s*(\d\.\d+\.\d+)/im.exec(text)?.[1]
    ?? 'The receiving server refused the mail.';
  return { ...(id ? { originalMessageId: id } : {}), diagnostic };
}
