// The Guide's custom condition: the snippet asks a URL of the business whether a rule applies to
// this visitor. GET <url>?page=…&visitor=…&language=…&tags=a,b (CORS, no cookies), answered with
// JSON `{ "result": true }` or `{ "result": false }` within the timeout (2 s unless set); anything
// else (an error, a timeout, another shape) counts as false. Each answer is kept for the page
// load, or for `cacheSeconds` when set. No zod here: the snippet bundles this file.

/** What the snippet tells the URL about the visitor. */
export interface CustomAsk { page: string; visitorId: string; language: string; tags: readonly string[] }

export interface CustomConditionSpec { url: string; timeoutMs: number; cacheSeconds?: number }

export const CUSTOM_TIMEOUT_MS = 2_000;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a custom condition's URL cannot be asked by visitors' browsers; null when it can. */
export function customUrlProblem(url: string): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return 'A full address, e.g. https://crm.example/guide-check'; }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && (LOCAL_HOSTS.has(u.hostname) || u.hostname.endsWith('.localhost'))) return null;
  return 'Use https (http only for localhost): visitors\' browsers refuse to ask plain http from an https page';
}

/** The address the snippet asks: the configured URL with the visitor's page, id, language and tags added. */
export function customAskUrl(url: string, ask: CustomAsk): string {
  const u = new URL(url);
  u.searchParams.set('page', ask.page);
  u.searchParams.set('visitor', ask.visitorId);
  u.searchParams.set('language', ask.language);
  u.searchParams.set('tags', ask.tags.join(','));
  return u.toString();
}

/** The answer in a response body: only `{ "result": true }` is a yes. */
export function readCustomAnswer(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { result?: unknown }).result === true;
}
