// Mail to people about their account (password reset, invitation) through the account's SMTP
// server (Settings → Automation), the same one the `Send notification email` action uses.
import nodemailer from 'nodemailer';
import type { Db } from '../db/open-database';
import { getIntegrationSettings } from '../rules/store/settings-store';
import type { SecretBox } from '../security/secret-box';

export interface AccountMail { to: string; subject: string; text: string }
export type MailResult = { sent: true } | { sent: false; reason: string };

export async function sendAccountMail(db: Db, box: SecretBox, accountId: string, mail: AccountMail): Promise<MailResult> {
  const smtp = getIntegrationSettings(db, box, accountId).smtp;
  if (!smtp) return { sent: false, reason: 'The account has no SMTP server: set one up in Settings → Automation.' };
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    return { sent: true };
  } catch (err) {
    const e = err as { response?: string; message?: string };
    return { sent: false, reason: `SMTP server ${smtp.host}:${smtp.port} did not take the message: ${e.response ?? e.message}` };
  } finally {
    transport.close();
  }
}

export const resetMail = (to: string, link: string): AccountMail => ({
  to,
  subject: 'Reset your Parley password',
  text: [
    'Someone (hopefully you) asked to reset the password of your Parley account.',
    '',
    `Choose a new password here (the link works once, for one hour):`,
    link,
    '',
    'If you did not ask for this, ignore this email: your password stays as it is.',
  ].join('\n'),
});

export const inviteMail = (to: string, name: string, invitedBy: string, link: string): AccountMail => ({
  to,
  subject: `${invitedBy} invited you to Parley`,
  text: [
    `Hello ${name},`,
    '',
    `${invitedBy} invited you to work in Parley. Choose your password here to join (the link works once, for seven days):`,
    link,
  ].join('\n'),
});
