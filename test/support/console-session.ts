// The set-up every console test in the browser repeats: a built console, a real Parley, Chromium
// with one page (30 s default timeout, errors collected) and, unless asked not to, the admin signed
// in. One `stop()` closes the browser and then Parley (stand-ins the test started are its own to close).
import { join } from 'node:path';
import type { Browser, Locator, Page, PageScreenshotOptions } from 'playwright-core';
import { inject } from 'vitest';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin, watchErrors } from './browser';
import { startHarness, type Harness } from './parley-harness';

/** Where the console's screenshots go (and are looked at). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export interface ConsoleSession {
  h: Harness;
  browser: Browser;
  page: Page;
  /** What the page logged as errors (see watchErrors); a clean run leaves it empty. */
  errors: string[];
  /** Screenshot of the page, or of `target` (a locator or another page), to docs/screenshots/<name>. */
  shot(name: string, target?: Page | Locator, options?: Omit<PageScreenshotOptions, 'path'>): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsole(opts: {
  /** Extra environment for Parley, e.g. PARLEY_PUBLIC_URL. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** false: the page is left on a blank tab, for a test of signing in itself. */
  signIn?: boolean;
} = {}): Promise<ConsoleSession> {
  ensureConsoleBuilt();
  const h = await startHarness({ temporalAddress: inject('temporalAddress'), env: opts.env });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    const errors = watchErrors(page);
    if (opts.signIn ?? true) await signInAsAdmin(page, h.parley.url, h.parley.credentials!);
    const open = browser;
    return {
      h, browser: open, page, errors,
      async shot(name, target = page, options = {}) {
        await target.screenshot({ ...options, path: join(SCREENSHOTS, name) });
      },
      async stop() {
        await open.close();
        await h.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await h.stop();
    throw err;
  }
}
