// Real Chromium for the console's end-to-end tests: @sparticuz/chromium ships the binary through npm
// (unpacked to /tmp on first use) and playwright-core drives it. Also makes sure the console is built
// and current before a test opens it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Launches headless Chromium; PARLEY_CHROMIUM points at another binary (e.g. /usr/bin/chromium).
 * The package's default flags turn web security (CORS, origin checks) off; `webSecurity` keeps it
 * on, as in a visitor's browser, for tests of cross-origin behaviour (the website snippet).
 */
export async function launchBrowser(opts: { webSecurity?: boolean } = {}): Promise<Browser> {
  const override = process.env.PARLEY_CHROMIUM;
  if (override) return playwright.launch({ executablePath: override, headless: true });
  const executablePath = await chromium.executablePath();
  const args = opts.webSecurity ? chromium.args.filter((a) => a !== '--disable-web-security') : chromium.args;
  return playwright.launch({ executablePath, args, headless: true, env: { ...process.env, ...fontConfig() } });
}

/**
 * The package unpacks Open Sans next to the binary (/tmp/fonts) but only points fontconfig at it on
 * AWS Lambda. A config listing both it and the system's fonts gives screenshots a readable sans
 * serif and still every glyph the system has.
 */
function fontConfig(): Record<string, string> {
  const bundled = join(tmpdir(), 'fonts');
  if (!existsSync(bundled) || process.env.FONTCONFIG_FILE) return {};
  const dir = mkdtempSync(join(tmpdir(), 'parley-fonts-'));
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${bundled}</dir>\n  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n  <cachedir>${join(dir, 'cache')}</cachedir>\n</fontconfig>\n`);
  return { FONTCONFIG_FILE: file };
}

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    latest = Math.max(latest, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return latest;
}

/** Builds editor/dist when it is missing or older than the console's sources or the shared model. */
export function ensureConsoleBuilt(): void {
  const index = join(root, 'editor', 'dist', 'index.html');
  const sources = [join(root, 'editor', 'src'), join(root, 'model'), join(root, 'editor', 'index.html'), join(root, 'editor', 'vite.config.ts')];
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const changed = Math.max(...sources.map((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs)));
  if (built >= changed) return;
  execFileSync(process.execPath, [join(root, 'scripts', 'build-editor.mjs')], { cwd: root, stdio: 'inherit' });
}

/**
 * Signs in to the console as the bootstrap admin and waits for the first page (Rules). The session
 * is the httpOnly parley_session cookie (the console keeps no token in storage); API calls made from
 * the page send it by themselves, and `sessionToken(page)` reads it for a test that needs it.
 */
export async function signInAsAdmin(page: Page, baseUrl: string, credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('#email', credentials.email);
  await page.fill('#password', credentials.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Rules")');
}

/** The console's session token, read from its httpOnly cookie (null when signed out). */
export async function sessionToken(page: Page): Promise<string | null> {
  return (await page.context().cookies()).find((c) => c.name === 'parley_session' && c.value)?.value ?? null;
}

/** Collects what the page logs as errors, so a test can assert the console ran cleanly. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  return errors;
}
