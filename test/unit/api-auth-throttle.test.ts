// Sign-in throttling: per email and per client address, Retry-After, success resets the email's
// count, every attempt logged (without the password), and unknown emails cost the same time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, signInRetryAfter } from '../../engine/accounts/sign-in-throttle';
import { problem, toParleyError } from '../../engine/api/problem';
import { loginRoutes } from '../../engine/api/routes/sessions';
import { testApp } from '../support/test-app';

describe('sign-in throttling and lockout', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const login = (email: string, password: string) => t.request('/api/v1/auth/login', { method: 'POST', key: null, json: { email, password } });
  const attempts = () => t.db.$client.prepare('select email, address, outcome from sign_in_attempts order by created_at, id').all() as { email: string; address: string; outcome: string }[];

  it('locks an email out after 5 failures in 15 minutes with 429 and Retry-After, even for the right password', async () => {
    const email = t.credentials.email;
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong-${i}`)).status).toBe(401);
    const locked = await login(email, t.credentials.password);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await locked.json()).toMatchObject({ code: 'too_many_attempts', status: 429, detail: expect.stringContaining('Try again in 15 minutes') });
    // Another email from elsewhere is not affected by this one's lockout.
    expect((await login('someone@example.com', 'whatever')).status).toBe(401);

    expect(attempts().map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'locked', 'failed']);
    const stored = JSON.stringify(t.db.$client.prepare('select * from sign_in_attempts').all());
    expect(stored).not.toContain('wrong-');
    expect(stored).not.toContain(t.credentials.password);
  });

  it('lifts the lockout after 15 minutes (refusals meanwhile do not extend it)', async () => {
    const email = t.credentials.email;
    for (let i = 0; i < 5; i++) await login(email, 'nope-nope');
    await login(email, 'nope-nope'); // locked: logged but not counted
    const now = Date.now();
    expect(signInRetryAfter(t.db, email, 'unknown', DEFAULT_THROTTLE, now)).toBeGreaterThan(0);
    expect(signInRetryAfter(t.db, email, 'unknown', DEFAULT_THROTTLE, now + 15 * 60_000 + 1000)).toBe(0);
  });

  it('a success clears the email\'s count', async () => {
    const email = t.credentials.email;
    for (let i = 0; i < 4; i++) await login(email, 'nope-nope');
    expect((await login(email, t.credentials.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(email, 'nope-nope')).status).toBe(401);
    expect((await login(email, t.credentials.password)).status).toBe(200);
  });

  it('locks a client address out after 20 failures across emails', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`guess${i}@example.com`, 'password1')).status).toBe(401);
    const res = await login(t.credentials.email, t.credentials.password);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logs a line per attempt with email and address (X-Forwarded-For behind a trusted proxy), never the password', async () => {
    const lines: string[] = [];
    const app = loginRoutes({ db: t.db, box: t.box, publicUrl: 'http://parley.test', cookies: { trustProxy: true }, log: (l) => lines.push(l) });
    app.onError((err, c) => problem(c, toParleyError(err)));
    const post = (password: string) => app.request('/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }, body: JSON.stringify({ email: t.credentials.email, password }),
    });
    await post('secret-typo-123');
    await post(t.credentials.password);
    expect(lines[0]).toBe(`[accounts] sign-in failed email=${t.credentials.email} address=203.0.113.9`);
    expect(lines[1]).toMatch(new RegExp(`^\\[accounts\\] sign-in succeeded email=${t.credentials.email} address=203.0.113.9 user=usr_`));
    expect(lines.join('\n')).not.toContain('secret-typo');
    expect(lines.join('\n')).not.toContain(t.credentials.password);
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const known = ['k1@example.com', 'k2@example.com', 'k3@example.com'];
    for (const email of known) await t.request('/api/v1/users', { method: 'POST', json: { email, name: 'K', role: 'agent', password: 'the right password' } });
    const time = async (email: string) => { const start = performance.now(); await login(email, 'nope-nope-nope'); return performance.now() - start; };
    await time('warm-up@example.com');
    const wrongPassword: number[] = [], unknownEmail: number[] = [];
    // Interleaved, and compared by their fastest run: the machine's load only ever adds time.
    for (let i = 0; i < 6; i++) { wrongPassword.push(await time(known[i % 3]!)); unknownEmail.push(await time(`nobody${i}@example.com`)); }
    const ratio = Math.min(...unknownEmail) / Math.min(...wrongPassword);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
    // Both paths ran scrypt: neither answered in the time of a database lookup alone.
    expect(Math.min(...unknownEmail)).toBeGreaterThan(5);
  });
});
