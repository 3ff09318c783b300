// Several people in the console at once (agents, a supervisor), each in a Chromium of their own. In
// the package's single-process Chromium, browser contexts keep navigations' cookies apart but share
// the page side's cookie jar: a page's fetch() and document.cookie see the last sign-in's session and
// CSRF cookies, whichever context it is in (one agent's console would act as the supervisor). The
// console holds no token of its own, so one process a person keeps their sessions apart, as their
// own computers would.
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, watchErrors } from './browser';
import type { Harness } from './parley-harness';

/** Everyone's password in these tests. */
export const PASSWORD = 'correct horse battery';

export interface Person { name: string; email: string; role: 'agent' | 'supervisor'; id?: string; browser?: Browser; page?: Page; errors?: string[] }

/** Creates each person as a user of the account, with PASSWORD, and sets their id. */
export async function addPeople(h: Harness, people: Person[]): Promise<void> {
  for (const p of people) {
    const res = await h.api('/api/v1/users', { method: 'POST', json: { email: p.email, name: p.name, role: p.role, password: PASSWORD } });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    p.id = ((await res.json()) as { id: string }).id;
  }
}

/** Opens the console in a Chromium of the person's own and signs in as them: their page (also set on them). */
export async function openConsoleAs(h: Harness, p: Person, opts: { locale?: string } = {}): Promise<Page> {
  p.browser = await launchBrowser();
  p.page = await p.browser.newPage({ viewport: { width: 1280, height: 800 }, ...(opts.locale ? { locale: opts.locale } : {}) });
  p.page.setDefaultTimeout(30_000);
  p.errors = watchErrors(p.page);
  await p.page.goto(`${h.parley.url}/`);
  await p.page.fill('#email', p.email);
  await p.page.fill('#password', PASSWORD);
  await p.page.click('button[type=submit]');
  await p.page.waitForSelector('nav .who-name');
  return p.page;
}

/** Closes everyone's browser. */
export async function closeConsoles(people: Person[]): Promise<void> {
  for (const p of people) await p.browser?.close();
}
