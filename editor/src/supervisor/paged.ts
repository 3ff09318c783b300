// The supervisor's lists come a page at a time (GET /routing/backlog, /routing/assignments: keyset
// cursors). `loadUpTo` reads pages until it holds `want` rows or the list ends, so a live reload
// keeps every row the supervisor has already shown with "Show more".
import { api } from '../api/client';

export const PAGE = 50;

export interface Page<T> { items: T[]; nextCursor: string | null }

const withQuery = (path: string, query: Record<string, string | number | undefined>) => {
  const q = Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
};

/** One page after `cursor` (the first page without it). */
export function loadPage<P extends Page<unknown>>(path: string, cursor: string | null, limit = PAGE): Promise<P> {
  return api<P>(withQuery(path, { limit, cursor: cursor ?? undefined }));
}

/** Pages from the start until `want` rows (or the end); the last page's other fields (counts, total) come with it. */
export async function loadUpTo<P extends Page<unknown>>(path: string, want: number): Promise<P> {
  let page = await loadPage<P>(path, null, Math.min(200, want));
  const items = [...page.items];
  while (page.nextCursor && items.length < want) {
    page = await loadPage<P>(path, page.nextCursor, Math.min(200, want - items.length));
    items.push(...page.items);
  }
  return { ...page, items } as P;
}
