// A small fetch wrapper: the browser sends the httpOnly session cookie by itself (the console never
// sees the token); writes echo the readable parley_csrf cookie as X-CSRF-Token, as the API requires
// for cookie-authenticated changes. problem+json errors become ApiError, and a 401 anywhere (an
// expired or revoked session) sends the person back to the sign-in page.
import type { RuleIssue } from './types';

const CSRF_COOKIE = 'parley_csrf';
/** Where sessions were kept before the cookie: removed on load so no token lingers in storage. */
const LEGACY_TOKEN_KEY = 'parley.session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: RuleIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const readCookie = (name: string): string | null =>
  document.cookie.split('; ').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;

export const session = {
  /** A session cookie is likely present (its readable CSRF twin is); /me says for sure. */
  probablySignedIn: (): boolean => Boolean(readCookie(CSRF_COOKIE)),
  forgetLegacyToken: () => { try { localStorage.removeItem(LEGACY_TOKEN_KEY); } catch { /* no storage */ } },
};

/** Headers a write needs besides its body (uploads made with XMLHttpRequest add these too). */
export function writeHeaders(): Record<string, string> {
  const csrf = readCookie(CSRF_COOKIE);
  return csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {};
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => {};
/** The shell registers what a 401 does (forget the session, show the sign-in page). */
export const setUnauthorizedHandler = (handler: Unauthorized) => { onUnauthorized = handler; };

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  signal?: AbortSignal;
  /** Sign-in and its public pages: a 401 there means wrong credentials, not an expired session. */
  anonymous?: boolean;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body || opts.json !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...(method === 'GET' ? {} : writeHeaders()) };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Parley did not answer. Check that it is running and try again.');
  }
  if (res.status === 401 && !opts.anonymous) {
    onUnauthorized();
    throw new ApiError(401, 'unauthorized', 'Your session has ended. Sign in again.');
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as { code?: string; detail?: string; title?: string; errors?: RuleIssue[] };
    const errors = (p.errors ?? []).map((e) => ({ nodeId: e.nodeId ?? null, path: e.path ?? '', message: e.message }));
    throw new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? `The request failed (${res.status}).`, errors);
  }
  return data as T;
}

/** Downloads a JSON value as a file (export). */
export function downloadJson(filename: string, value: unknown) {
  const text = typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
