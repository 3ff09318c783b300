// An email channel's configuration: the mailbox address customers write to, the SMTP server
// replies go out through, and where mail comes in: Parley's own SMTP endpoint (PARLEY_SMTP_PORT,
// the business points its MX or a forwarding rule at it), and/or an IMAP mailbox Parley reads.
import { z } from 'zod';
import { field, primary } from '../shared/config-meta';

export const DEFAULT_SMTP_TIMEOUT_MS = 20_000;

const Address = z.email({ error: 'address must be an email address, e.g. support@example.com' }).transform((a) => a.toLowerCase());

// Strict, so a misspelt key (e.g. "smtpHostname") is reported instead of silently ignored.
export const emailConfigSchema = z.strictObject({
  /** The mailbox customers write to; replies come from it and its plus-addresses route back here. */
  address: Address.meta(field('Support address', 'The mailbox customers write to, e.g. support@example.com; replies come from it.')),
  /** The name customers see next to the address, e.g. "Café Aroma support". */
  fromName: z.string().trim().min(1).max(120).optional()
    .meta(primary('Sender name', 'The name customers see next to the address, e.g. "Café Aroma support".')),
  /** The SMTP server outbound mail goes through. */
  smtpHost: z.string().trim().min(1, { error: 'smtpHost is the SMTP server replies go out through, e.g. smtp.example.com' })
    .meta(field('SMTP server', 'The outgoing mail server replies go through, e.g. smtp.example.com.')),
  smtpPort: z.number().int().min(1).max(65_535).default(587).meta(field('SMTP port', '587 (STARTTLS) or 465 (TLS).')),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  smtpSecure: z.boolean().default(false).meta(field('SMTP over TLS from the start', 'Use TLS from the first byte (port 465); otherwise STARTTLS when the server offers it.')),
  smtpUser: z.string().min(1).optional().meta(primary('SMTP username', 'The login of the outgoing server, often the address itself.')),
  smtpPassword: z.string().min(1).optional().meta(primary('SMTP password', 'Its password or app password.')),
  /** Only for local test servers without TLS; never in production. */
  smtpIgnoreTls: z.boolean().default(false).meta(field('SMTP without TLS', 'Only for a local test server without TLS; never in production.')),
  timeoutMs: z.number().int().min(1_000).max(120_000).default(DEFAULT_SMTP_TIMEOUT_MS)
    .meta(field('SMTP timeout (ms)', 'How long the outgoing server may take before a send counts as failed and is retried.')),
  /** An IMAP mailbox Parley reads (IDLE, with polling when the server lacks it); omit to receive over SMTP only. */
  imapHost: z.string().trim().min(1).optional()
    .meta(field('IMAP server', 'Read an existing mailbox, e.g. imap.example.com; leave empty to receive through Parley\'s own SMTP endpoint.')),
  imapPort: z.number().int().min(1).max(65_535).default(993).meta(field('IMAP port', 'Usually 993 (TLS).')),
  imapSecure: z.boolean().default(true).meta(field('IMAP over TLS', 'Connect with TLS from the first byte (port 993).')),
  imapUser: z.string().min(1).optional().meta(field('IMAP username', 'The mailbox\'s login.')),
  imapPassword: z.string().min(1).optional().meta(field('IMAP password', 'Its password or app password.')),
  imapMailbox: z.string().min(1).default('INBOX').meta(field('IMAP folder', 'The folder Parley reads new mail from.')),
  /** Only for local test servers without TLS; never in production. */
  imapIgnoreTls: z.boolean().default(false).meta(field('IMAP without TLS', 'Only for a local test server without TLS; never in production.')),
})
  .refine((c) => !c.smtpUser === !c.smtpPassword, { error: 'smtpUser and smtpPassword go together', path: ['smtpPassword'] })
  .refine((c) => !c.imapHost || (c.imapUser && c.imapPassword), { error: 'Reading an IMAP mailbox needs imapUser and imapPassword', path: ['imapUser'] });

export type EmailConfig = z.output<typeof emailConfigSchema>;

export const EMAIL_SECRET_FIELDS = ['smtpPassword', 'imapPassword'] as const;
