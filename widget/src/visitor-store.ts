// What the snippet remembers about a visitor in their browser: a visitor id, tags, page views in
// this session, offers already answered, and whether they consented. Before consent (when the site
// requires it) nothing is written: the values live in memory for this page only.
const KEY = 'parley:v1';

interface Saved { visitorId: string; tags: string[]; firstSeen: number; consent?: boolean }
interface Session { pageViews: number; offersDone: string[] }

function read<T>(storage: Storage | undefined, key: string): T | null {
  try { const raw = storage?.getItem(key); return raw ? (JSON.parse(raw) as T) : null; } catch { return null; }
}

function write(storage: Storage | undefined, key: string, value: unknown) {
  try { storage?.setItem(key, JSON.stringify(value)); } catch { /* storage full or blocked: keep going in memory */ }
}

function randomId(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return 'v_' + btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class VisitorStore {
  private saved: Saved;
  private session: Session;
  readonly returning: boolean;

  constructor(private readonly local: Storage | undefined, private readonly sessionStorage: Storage | undefined, private requireConsent: boolean, now: number) {
    const saved = read<Saved>(local, KEY);
    this.returning = Boolean(saved);
    this.saved = saved ?? { visitorId: randomId(), tags: [], firstSeen: now };
    this.session = read<Session>(sessionStorage, KEY) ?? { pageViews: 0, offersDone: [] };
    this.session.pageViews++;
    this.persist();
  }

  /** Whether the snippet may store and send anything. */
  get allowed(): boolean {
    return !this.requireConsent || this.saved.consent === true;
  }

  get visitorId() { return this.saved.visitorId; }
  get tags(): readonly string[] { return this.saved.tags; }
  get pageViews() { return this.session.pageViews; }
  get offersDone(): readonly string[] { return this.session.offersDone; }

  setConsent(granted: boolean) {
    this.saved.consent = granted;
    if (granted) this.persist();
    else {
      // Withdrawn: forget what was stored.
      try { this.local?.removeItem(KEY); this.sessionStorage?.removeItem(KEY); } catch { /* ignore */ }
    }
  }

  changeTags(add: readonly string[], remove: readonly string[]) {
    if (add.length === 0 && remove.length === 0) return;
    this.saved.tags = [...this.saved.tags.filter((t) => !remove.includes(t)), ...add.filter((t) => !this.saved.tags.includes(t))];
    this.persist();
  }

  /** Another tab of this site changed the saved tags (a rule's command reached that tab): take them. */
  syncTags(): boolean {
    const saved = read<Saved>(this.local, KEY);
    if (!saved || saved.visitorId !== this.saved.visitorId || JSON.stringify(saved.tags) === JSON.stringify(this.saved.tags)) return false;
    this.saved.tags = saved.tags;
    return true;
  }

  offerDone(offerId: string) {
    if (!this.session.offersDone.includes(offerId)) this.session.offersDone.push(offerId);
    this.persist();
  }

  private persist() {
    if (!this.allowed) return;
    write(this.local, KEY, this.saved);
    write(this.sessionStorage, KEY, this.session);
  }
}
