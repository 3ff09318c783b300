// The Guide's custom conditions on a page: asks each configured URL (GET, CORS, no cookies) with the
// visitor's page, id, language and tags, gives up after the condition's timeout, and keeps each
// answer for the page load (or its cache time). Until an answer arrives the condition is false;
// when it arrives the Guide evaluates again. Errors, timeouts and malformed answers are false.
import { customAskUrl, readCustomAnswer, type CustomAsk, type CustomConditionSpec } from '../../model/website/guide-custom';

interface Answer { result: boolean; at: number }

export class CustomAnswers {
  /** By condition URL and page (a single-page site's new page asks again). */
  private readonly known = new Map<string, Answer>();
  private readonly asking = new Set<string>();

  constructor(private readonly answered: () => void, private readonly now: () => number) {}

  /** The answers known for this page, by URL; asks (in the background) those not known yet or expired. */
  answers(conditions: readonly CustomConditionSpec[], ask: CustomAsk): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const c of conditions) {
      const key = `${c.url}\n${ask.page}`;
      const known = this.known.get(key);
      const fresh = known && (!c.cacheSeconds || this.now() - known.at < c.cacheSeconds * 1000);
      if (known) out[c.url] = known.result;
      if (!fresh && !this.asking.has(key)) this.ask(key, c, ask);
    }
    return out;
  }

  private ask(key: string, c: CustomConditionSpec, ask: CustomAsk) {
    let url: string;
    // An address that cannot be asked is a "no" (kept like any answer; no re-evaluation needed).
    try { url = customAskUrl(c.url, ask); } catch { this.known.set(key, { result: false, at: this.now() }); return; }
    this.asking.add(key);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), c.timeoutMs);
    const done = (result: boolean) => {
      clearTimeout(timer);
      this.asking.delete(key);
      this.known.set(key, { result, at: this.now() });
      this.answered();
    };
    // Asked after this evaluation (never inside it), so a failing fetch cannot break the Guide.
    Promise.resolve()
      .then(() => fetch(url, { mode: 'cors', credentials: 'omit', signal: abort.signal, headers: { accept: 'application/json' } }))
      .then((res) => (res.ok ? res.json() : null))
      .then((body) => done(readCustomAnswer(body)), () => done(false));
  }
}
