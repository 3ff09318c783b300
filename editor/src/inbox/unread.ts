// Unread markers: the API has no per-agent read state, so the browser remembers when this person
// last looked at each case (localStorage) and a case is unread when a customer wrote after that.
const KEY = 'parley.inbox.seen';
const MAX = 2000;

type Seen = Record<string, number>;

function load(): Seen {
  try { return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Seen; } catch { return {}; }
}

export function markSeen(caseId: string, at = Date.now()) {
  const seen = load();
  seen[caseId] = at;
  const entries = Object.entries(seen);
  // Keep the newest entries only; the list must not grow without bound.
  const kept = entries.length > MAX ? Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, MAX)) : seen;
  localStorage.setItem(KEY, JSON.stringify(kept));
}

export function isUnread(c: { id: string; lastInboundAt: string | null; inboundCount: number; updatedAt: string }, seen: Seen = load()): boolean {
  // lastInboundAt is mirrored by the case workflow a moment after the message is stored.
  const lastIn = c.lastInboundAt ?? (c.inboundCount > 0 ? c.updatedAt : null);
  if (!lastIn) return false;
  const at = seen[c.id];
  return at === undefined || Date.parse(lastIn) > at;
}

export const readSeen = load;
