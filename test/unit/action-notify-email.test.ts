// `Send notification email` against a real local SMTP server (test/fakes/smtp-sink.ts).
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleEvent } from '../../model/rules/event';
import type { ActionRunInfo } from '../../workflows/rules/contract';
import { createNotifyEmailAction, type SmtpSettings } from '../../workflows/rules/actions/notify-email';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../fakes/smtp-sink';

const event: RuleEvent = { id: 'evt_3', type: 'case.created', accountId: 'acc_1', occurredAt: 1_700_000_000_000 };
const run: ActionRunInfo = { runId: 'rule-run-r7-evt_3', accountId: 'acc_1', ruleId: 'r7', ruleName: 'VIP alert', version: 2, nodeId: 'mail', event };
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err as ApplicationFailure);

let sink: SmtpSink | undefined;
const start = async (options: SmtpSinkOptions = {}) => (sink = await startSmtpSink(options));
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const smtpOf = (s: SmtpSink, extra: Partial<SmtpSettings> = {}): SmtpSettings => ({
  host: s.host, port: s.port, secure: false, from: 'Parley <alerts@acme.example>', ...extra,
});
const input = { to: 'ops@acme.example, lead@acme.example', subject: 'VIP case opened', body: 'Case c_42 from Ana needs attention.\nOpen it in the inbox.' };

describe('notify_email', () => {
  it('delivers the subject, plain-text body and recipients through the account\'s SMTP server', async () => {
    const s = await start();
    const action = createNotifyEmailAction({ getSmtp: () => smtpOf(s) });
    const output = await action(input, run) as { messageId: string; accepted: string[] };

    const [mail] = await s.waitFor(1);
    expect(mail!.subject).toBe('VIP case opened');
    expect(mail!.text.trim()).toBe('Case c_42 from Ana needs attention.\nOpen it in the inbox.');
    expect(mail!.to).toEqual(['ops@acme.example', 'lead@acme.example']);
    expect(mail!.envelope.to).toEqual(['ops@acme.example', 'lead@acme.example']);
    expect(mail!.from).toBe('alerts@acme.example');
    expect(mail!.messageId).toBe('<rule-run-r7-evt_3.mail@acme.example>');
    expect(mail!.parsed.headers.get('x-parley-rule')).toBe('VIP alert v2');
    expect(output).toMatchObject({ messageId: '<rule-run-r7-evt_3.mail@acme.example>', accepted: ['ops@acme.example', 'lead@acme.example'] });
  });

  it('logs in when the settings have a user', async () => {
    const s = await start({ users: { parley: 'pw-1' } });
    await createNotifyEmailAction({ getSmtp: () => smtpOf(s, { user: 'parley', password: 'pw-1' }) })(input, run);
    expect((await s.waitFor(1))[0]!.user).toBe('parley');

    const err = await failure(createNotifyEmailAction({ getSmtp: () => smtpOf(s, { user: 'parley', password: 'wrong' }) })(input, run));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toBe(`SMTP server 127.0.0.1:${s.port} refused the login: check the SMTP user and password in Settings → Automation.`);
  });

  it('retries a temporary refusal, and the retry carries the same Message-ID', async () => {
    const s = await start({ failFirst: 1 });
    const action = createNotifyEmailAction({ getSmtp: () => smtpOf(s) });
    const first = await failure(action(input, run));
    expect(first).toMatchObject({ nonRetryable: false, type: 'NotifyEmailUnavailable' });
    expect(first.message).toMatch(/^SMTP server 127\.0\.0\.1:\d+ could not take the message now: 451/);
    await action(input, run);
    const received = await s.waitFor(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe('<rule-run-r7-evt_3.mail@acme.example>');
  });

  it('asks for SMTP settings when the account has none', async () => {
    const err = await failure(createNotifyEmailAction({ getSmtp: () => null })(input, run));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toBe('Set up SMTP in Settings → Automation first: the account has no SMTP server for notification emails.');
  });

  it('refuses recipients that are not email addresses, naming them', async () => {
    const s = await start();
    const action = createNotifyEmailAction({ getSmtp: () => smtpOf(s) });
    const err = await failure(action({ ...input, to: 'ops@acme.example, bob, {{contact.email}}' }, run));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toBe('Send notification email: not an email address: "bob", "{{contact.email}}".');
    expect(await failure(action({ ...input, to: ' , ' }, run))).toMatchObject({ nonRetryable: true });
    expect(s.received).toHaveLength(0);
  });

  it('treats an unreachable SMTP server as retryable', async () => {
    const s = await start();
    const settings = smtpOf(s);
    await s.close();
    sink = undefined;
    const err = await failure(createNotifyEmailAction({ getSmtp: () => settings })(input, run));
    expect(err).toMatchObject({ nonRetryable: false });
    expect(err.message).toBe(`SMTP server 127.0.0.1:${settings.port} is unreachable: connect ECONNREFUSED 127.0.0.1:${settings.port}`);
  });
});
