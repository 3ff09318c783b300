// Account mail over a real SMTP server that requires a login: a password-reset link and an
// invitation go out through the account's SMTP settings (Settings → Automation) on a real Parley.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { startHarness, type Harness } from '../support/parley-harness';

describe('account mail through the account\'s SMTP server', () => {
  let h: Harness;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink({ users: { 'parley-mailer': 'smtp secret 1' } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://support.example.com' } });
    const res = await h.api('/api/v1/settings/automation', { method: 'PUT', json: {
      smtp: { host: smtp.host, port: smtp.port, secure: false, user: 'parley-mailer', password: 'smtp secret 1', from: 'Parley <parley@example.com>' },
    } });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await smtp?.close();
  });

  it('mails a reset link to PARLEY_PUBLIC_URL that sets the password once', async () => {
    const email = h.parley.credentials!.email;
    const ask = await fetch(`${h.parley.url}/api/v1/auth/password-reset`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example.net' }, body: JSON.stringify({ email }) });
    expect(ask.status).toBe(202);
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail).toMatchObject({ user: 'parley-mailer', to: [email], from: 'parley@example.com', subject: 'Reset your Parley password' });
    // The link points at the configured public URL, never at the request's Host.
    const link = new URL(/(https:\/\/\S+)/.exec(mail!.text)![1]!);
    expect(link.origin + link.pathname).toBe('https://support.example.com/reset-password');
    const token = link.searchParams.get('token')!;
    const confirm = () => fetch(`${h.parley.url}/api/v1/auth/password-reset/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'reset over smtp 1' }) });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(400);
    const login = await fetch(`${h.parley.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'reset over smtp 1' }) });
    expect(login.status).toBe(200);
  });

  it('mails an invitation whose link creates the user', async () => {
    const res = await h.api('/api/v1/users/invite', { method: 'POST', json: { email: 'pablo@example.com', name: 'Pablo', role: 'agent' } });
    expect(res.status).toBe(201);
    expect((await res.json()).mail).toEqual({ sent: true, reason: null });
    const mail = (await smtp.waitFor(2, 15_000))[1]!;
    expect(mail.to).toEqual(['pablo@example.com']);
    const token = new URL(/(https:\/\/\S+)/.exec(mail.text)![1]!).searchParams.get('token');
    const accept = await fetch(`${h.parley.url}/api/v1/auth/invite/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'pablo password 1', session: 'token' }) });
    expect(accept.status).toBe(201);
    const { token: session, user } = await accept.json();
    expect(user).toMatchObject({ email: 'pablo@example.com', role: 'agent', name: 'Pablo' });
    expect((await (await h.api('/api/v1/me', { key: session })).json()).user.email).toBe('pablo@example.com');
  });
});
