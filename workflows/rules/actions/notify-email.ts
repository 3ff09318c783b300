// The `notify_email` action: a plain-text email to people in the team through the account's SMTP
// server (Settings → Automation). The Message-ID comes from the run and the node, so a retried
// send carries the same id and mail clients and archives recognise it as the same message.
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { ActionHandler } from './action-handler';

export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user?: string | null;
  password?: string | null;
  /** The sender, e.g. `Parley <alerts@example.com>`. */
  from: string;
}

export interface NotifyEmailDeps {
  getSmtp(accountId: string): SmtpSettings | null | Promise<SmtpSettings | null>;
}

const MAX_RECIPIENTS = 50;
const Email = z.email();

const refused = (message: string) => ApplicationFailure.nonRetryable(message, 'NotifyEmailRefused');
const unavailable = (message: string) => ApplicationFailure.retryable(message, 'NotifyEmailUnavailable');

/** `a@x.com, b@y.org` → ['a@x.com', 'b@y.org']; refuses anything that is not an address. */
export function parseRecipients(to: string): string[] {
  const recipients = to.split(/[,;]/).map((r) => r.trim()).filter(Boolean);
  if (recipients.length === 0) throw refused('Send notification email needs at least one recipient in "to".');
  if (recipients.length > MAX_RECIPIENTS) throw refused(`Send notification email allows at most ${MAX_RECIPIENTS} recipients, got ${recipients.length}.`);
  const invalid = recipients.filter((r) => !Email.safeParse(r).success);
  if (invalid.length) throw refused(`Send notification email: not an email address: ${invalid.map((r) => `"${r}"`).join(', ')}.`);
  return recipients;
}

/** `<rule-run-r1-evt_1.notify@example.com>`: the same on every attempt of one node in one run. */
export function notificationMessageId(runId: string, nodeId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'parley.invalid';
  const local = `${runId}.${nodeId}`.replace(/[^A-Za-z0-9._-]/g, '-');
  return `<${local}@${domain}>`;
}

function describeSmtpError(err: unknown, smtp: SmtpSettings): Error {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `SMTP server ${smtp.host}:${smtp.port}`;
  if (e.code === 'EAUTH') return refused(`${where} refused the login: check the SMTP user and password in Settings → Automation.`);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return refused(`${where} refused the message: ${e.response ?? e.message}`);
  }
  if (e.code === 'EENVELOPE') return refused(`${where} refused the recipients: ${e.response ?? e.message}`);
  if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'EDNS') {
    return unavailable(`${where} is unreachable: ${e.message}`);
  }
  return unavailable(`${where} could not take the message now: ${e.response ?? e.code ?? e.message}`);
}

export function createNotifyEmailAction(deps: NotifyEmailDeps): ActionHandler {
  return async (input, run) => {
    const smtp = await deps.getSmtp(run.accountId);
    if (!smtp) throw refused('Set up SMTP in Settings → Automation first: the account has no SMTP server for notification emails.');
    const to = parseRecipients(String(input.to ?? ''));
    const subject = String(input.subject ?? '');
    const text = String(input.body ?? '');

    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    try {
      const info = await transport.sendMail({
        from: smtp.from,
        to,
        subject,
        text,
        messageId: notificationMessageId(run.runId, run.nodeId, smtp.from),
        headers: { 'X-Parley-Rule': `${run.ruleName} v${run.version}`, 'X-Parley-Run': run.runId },
      });
      return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    } catch (err) {
      throw describeSmtpError(err, smtp);
    } finally {
      transport.close();
    }
  };
}
