// An email channel's configuration: the mailbox address customers write to, the SMTP server
// replies go out through, and where mail comes in: Parley's own SMTP endpoint (PARLEY_SMTP_PORT,
// the business points its MX or a forwarding rule at it), and/or an IMAP mailbox Parley reads.
import { z } from 'zod';

export const DEFAULT_SMTP_TIMEOUT_MS = 20_000;

const Address = z.email({ error: 'address must be an email address, e.g. support@example.com' }).transform((a) => a.toLowerCase());

// Strict, so a misspelt key (e.g. "smtpHostname") is reported instead of silently ignored.
export const emailConfigSchema = z.strictObject({
  /** The mailbox customers write to; replies come from it and its plus-addresses route back here. */
  address: Address,
  /** The name customers see next to the address, e.g. "Café Aroma support". */
  fromName: z.string().trim().min(1).max(120).optional(),
  /** The SMTP server outbound mail goes through. */
  smtpHost: z.string().trim().min(1, { error: 'smtpHost is the SMTP server replies go out through, e.g. smtp.example.com' }),
  smtpPort: z.number().int().min(1).max(65_535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  smtpSecure: z.boolean().default(false),
  smtpUser: z.string().min(1).optional(),
  smtpPassword: z.string().min(1).optional(),
  /** Only for local test servers without TLS; never in production. */
  smtpIgnoreTls: z.boolean().default(false),
  timeoutMs: z.number().int().min(1_000).max(120_000).default(DEFAULT_SMTP_TIMEOUT_MS),
  /** An IMAP mailbox Parley reads (IDLE, with polling when the server lacks it); omit to receive over SMTP only. */
  imapHost: z.string().trim().min(1).optional(),
  imapPort: z.number().int().min(1).max(65_535).default(993),
  imapSecure: z.boolean().default(true),
  imapUser: z.string().min(1).optional(),
  imapPassword: z.string().min(1).optional(),
  imapMailbox: z.string().min(1).default('INBOX'),
  /** Only for local test servers without TLS; never in production. */
  imapIgnoreTls: z.boolean().default(false),
})
  .refine((c) => !c.smtpUser === !c.smtpPassword, { error: 'smtpUser and smtpPassword go together', path: ['smtpPassword'] })
  .refine((c) => !c.imapHost || (c.imapUser && c.imapPassword), { error: 'Reading an IMAP mailbox needs imapUser and imapPassword', path: ['imapUser'] });

export type EmailConfig = z.output<typeof emailConfigSchema>;

export const EMAIL_SECRET_FIELDS = ['smtpPassword', 'imapPassword'] as const;
