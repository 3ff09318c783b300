// Checking an email channel when it is connected: Parley logs in to the SMTP server replies go out
// through and, when one is named, to the IMAP mailbox it reads, so a wrong host or password is
// refused with the server's own answer instead of failing on the first reply.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { SetupError, type ChannelContext, type NextStep } from '../connector';
import type { EmailConfig } from './config';

const reasonOf = (err: unknown) => {
  const e = err as { response?: string; responseText?: string; message?: string; code?: string };
  return (e.responseText ?? e.response ?? e.message ?? String(err)).trim().slice(0, 300);
};

export async function setupEmailChannel(channel: ChannelContext<EmailConfig>): Promise<void> {
  const c = channel.config;
  const smtp = nodemailer.createTransport({
    host: c.smtpHost, port: c.smtpPort, secure: c.smtpSecure, ignoreTLS: c.smtpIgnoreTls,
    ...(c.smtpUser ? { auth: { user: c.smtpUser, pass: c.smtpPassword ?? '' } } : {}),
    connectionTimeout: c.timeoutMs, greetingTimeout: c.timeoutMs, socketTimeout: c.timeoutMs,
  });
  try {
    await smtp.verify();
  } catch (err) {
    throw new SetupError(`The SMTP server ${c.smtpHost}:${c.smtpPort} refused the connection or login: ${reasonOf(err)}`);
  } finally {
    smtp.close();
  }
  if (!c.imapHost) return;
  const imap = new ImapFlow({
    host: c.imapHost, port: c.imapPort, secure: c.imapSecure, ...(c.imapIgnoreTls ? { doSTARTTLS: false } : {}),
    auth: { user: c.imapUser!, pass: c.imapPassword! }, logger: false,
  });
  imap.on('error', () => {});
  try {
    await imap.connect();
    await imap.mailboxOpen(c.imapMailbox, { readOnly: true });
  } catch (err) {
    throw new SetupError(`The IMAP server ${c.imapHost}:${c.imapPort} refused the login or has no mailbox "${c.imapMailbox}": ${reasonOf(err)}`);
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

/** Shown to a person: fields are named by their titles in the channel form (config.ts), never by config keys. */
export function emailNextSteps(config: EmailConfig): NextStep[] {
  const domain = config.address.split('@')[1];
  const steps: NextStep[] = [];
  if (config.imapHost) {
    steps.push({ text: `Nothing to forward: Parley reads ${config.imapMailbox} of ${config.imapUser} on ${config.imapHost} (IDLE) and leaves its messages as they are.` });
  } else {
    steps.push({
      text: `Mail reaches Parley through its SMTP endpoint (start Parley with PARLEY_SMTP_PORT): point the MX record of ${domain}, or a forwarding rule of your mail server, at it. Or fill in IMAP server, IMAP username and IMAP password in the channel's settings so Parley reads the mailbox instead.`,
      value: config.address,
    });
  }
  steps.push({ text: `Let ${config.smtpHost} send as ${config.address} (SPF / DKIM for ${domain}), so replies are not marked as spam.` });
  return steps;
}
