// Signing in to the console in Chromium with the session cookie (no token in the page's storage),
// CSRF on cookie writes, the live stream as a plain browser request, signing out; then the
// forgotten-password path with the mail over a real local SMTP server, changing the password, and
// inviting a user from Settings → Users who joins from the mailed link. Screenshots: sign-in.png,
// forgot-password.png, invite-user.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { sessionToken, signInAsAdmin } from '../support/browser';
import { startConsole, type ConsoleSession } from '../support/console-session';
import type { Harness } from '../support/parley-harness';

describe('console sign-in with the session cookie', () => {
  let smtp: SmtpSink;
  let ui: ConsoleSession;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const shot = (name: string) => ui.shot(name, page, { animations: 'disabled', timeout: 30_000 });
  /** The mailed link, pointed at this test's Parley (its public URL is not known before it starts). */
  const linkIn = (text: string, page: string) => {
    const url = new URL(new RegExp(`(http\\S+/${page}\\?token=\\S+)`).exec(text)![1]!);
    return `${h.parley.url}${url.pathname}${url.search}`;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    // Signing in is what this file tests.
    ui = await startConsole({ signIn: false });
    ({ h, browser, page, errors } = ui);
    const res = await h.api('/api/v1/settings/automation', { method: 'PUT', json: { smtp: { host: smtp.host, port: smtp.port, secure: false, from: 'Parley <parley@example.com>' } } });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await ui?.stop();
    await smtp?.close();
  });

  it('signs in with an httpOnly cookie, keeps no token in storage, guards writes with the CSRF header, streams and signs out', async () => {
    await page.goto(`${h.parley.url}/`);
    await page.waitForSelector('h1:has-text("Sign in")');
    await shot('sign-in.png');
    await signInAsAdmin(page, h.parley.url, h.parley.credentials!);

    const cookies = await page.context().cookies();
    const sessionCookie = cookies.find((c) => c.name === 'parley_session')!;
    expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(sessionCookie.expires * 1000 - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
    expect(cookies.find((c) => c.name === 'parley_csrf')).toMatchObject({ httpOnly: false, sameSite: 'Lax' });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(sessionCookie.value);
    expect(await page.evaluate(() => document.cookie)).not.toContain('parley_session');

    // What the page's own requests get: reads with the cookie alone; a write without the header is refused.
    const inPage = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const forged = await fetch('/api/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com', name: 'X', role: 'agent', password: 'a long password' }) });
      const stream = await new Promise<string>((resolve) => {
        const es = new EventSource('/api/v1/stream');
        es.addEventListener('ready', () => { es.close(); resolve('ready'); });
        es.onerror = () => { es.close(); resolve('error'); };
      });
      return { kind: me.kind, email: me.user?.email, forged: forged.status, code: (await forged.json()).code, stream };
    });
    expect(inPage).toEqual({ kind: 'user', email: h.parley.credentials!.email, forged: 403, code: 'csrf_failed', stream: 'ready' });
    // Chromium logs the refused write; that one is expected.
    expect(errors).toEqual([expect.stringContaining('403 (Forbidden)')]);
    errors.length = 0;

    // The console's own writes carry the header: saving settings works.
    await page.click('nav >> text=Settings');
    await page.waitForSelector('[data-testid="users-settings"]');

    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('h1:has-text("Sign in")');
    expect(await sessionToken(page)).toBeNull();
    const revoked = await h.api('/api/v1/me', { key: sessionCookie.value });
    expect(revoked.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('resets a forgotten password from the mailed link, then the new password signs in', async () => {
    const email = h.parley.credentials!.email;
    await page.click('a:has-text("Forgot password?")');
    await page.waitForSelector('h1:has-text("Forgot your password?")');
    await page.fill('#reset-email', email);
    await page.click('button:has-text("Send the link")');
    await page.waitForSelector('h1:has-text("Check your email")');
    await shot('forgot-password.png');
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail!.to).toEqual([email]);

    await page.goto(linkIn(mail!.text, 'reset-password'));
    await page.waitForSelector('h1:has-text("Choose a new password")');
    await page.fill('#new-password', 'a brand new password');
    await page.fill('#new-password-again', 'a brand new password');
    await page.click('button:has-text("Set the password")');
    await page.waitForSelector('text=Your password was changed. Sign in with the new one.');
    await signInAsAdmin(page, h.parley.url, { email, password: 'a brand new password' });

    // The same link does not work twice.
    await page.goto(linkIn(mail!.text, 'reset-password'));
    // (signed in: the console goes home; the API refuses the spent token)
    const again = await h.api('/api/v1/auth/password-reset/confirm', { method: 'POST', json: { token: new URL(linkIn(mail!.text, 'reset-password')).searchParams.get('token'), password: 'yet another password' } });
    expect(again.status).toBe(400);
    expect(errors).toEqual([]);
  });

  it('changes the password from the sidebar, and invites a user who joins from the mailed link', async () => {
    await page.goto(`${h.parley.url}/rules`);
    await page.click('button:has-text("Change password")');
    await page.fill('#current-password', 'a brand new password');
    await page.fill('#next-password', 'the third password');
    await page.fill('#next-password-again', 'the third password');
    await page.click('.dialog button:has-text("Change password")');
    await page.waitForSelector('text=Password changed');

    await page.click('nav >> text=Settings');
    await page.click('[data-testid="users-settings"] button:has-text("Invite")');
    await page.fill('#invite-email', 'lucia@example.com');
    await page.fill('#invite-name', 'Lucía');
    await page.selectOption('#invite-role', 'agent');
    await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    await shot('invite-user.png');
    await page.click('button:has-text("Send invitation")');
    await page.waitForSelector('.dialog', { state: 'detached' });
    const [, invite] = await smtp.waitFor(2, 15_000);
    expect(invite!.to).toEqual(['lucia@example.com']);

    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('h1:has-text("Sign in")');
    await page.goto(linkIn(invite!.text, 'accept-invite'));
    await page.waitForSelector('h1:has-text("Join Parley")');
    expect(await page.locator('.signin-card').innerText()).toContain('lucia@example.com');
    await page.fill('#invite-password', 'lucia password 1');
    await page.click('button:has-text("Join and sign in")');
    await page.waitForSelector('.who-name:has-text("Lucía")');
    expect((await page.locator('.who-role').innerText()).toLowerCase()).toBe('agent');
    expect(await page.locator('nav >> text=Settings').count()).toBe(0);
    expect(errors).toEqual([]);

    // Signed out elsewhere (the session ended through the API): the next request brings the sign-in page back.
    expect((await h.api('/api/v1/auth/logout', { method: 'POST', key: (await sessionToken(page))! })).status).toBe(204);
    await page.goto(`${h.parley.url}/inbox`);
    await page.waitForSelector('h1:has-text("Sign in")');
    // The page's calls with the ended session were refused (401), which is what brought the sign-in page back.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes('401 (Unauthorized)'))).toBe(true);
  });

  it('after five wrong passwords the sign-in page says to wait, even for the right one', async () => {
    await page.goto(`${h.parley.url}/`);
    await page.waitForSelector('h1:has-text("Sign in")');
    const attempt = async (password: string) => {
      await page.fill('#email', 'lucia@example.com');
      await page.fill('#password', password);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await page.click('button[type=submit]');
      return (await answered).status();
    };
    const banner = () => page.locator('.banner.danger').innerText();
    for (let i = 0; i < 5; i++) {
      expect(await attempt(`wrong password ${i}`)).toBe(401);
      await expect.poll(banner).toContain('do not match an account');
    }
    expect(await attempt('lucia password 1')).toBe(429);
    await expect.poll(banner).toContain('Too many failed sign-in attempts. Try again in 15 minutes');
    errors.length = 0; // the refused sign-ins (401, 429) are logged by Chromium
  });

  it('speaks Spanish to a Spanish browser: sign-in and forgot password', async () => {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 800 } });
    const es = await context.newPage();
    await es.goto(`${h.parley.url}/`);
    await es.waitForSelector('h1:has-text("Iniciar sesión")');
    expect(await es.locator('label[for=password]').innerText()).toBe('Contraseña');
    await es.click('a:has-text("¿Olvidaste la contraseña?")');
    await es.waitForSelector('h1:has-text("¿Olvidaste tu contraseña?")');
    await ui.shot('forgot-password-es.png', es, { animations: 'disabled' });
    // (left open: closing a context ends the single-process Chromium; afterAll closes the browser)
  });
});
