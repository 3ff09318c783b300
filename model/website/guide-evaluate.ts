// Evaluates Guide rules against what the snippet knows of the visitor, in the browser: at load,
// on events (scroll, navigation, chat going online) and every minute. Rules apply in order; for
// the template, the offer and each branding field the first rule that sets it wins, tags add up.
// Time-based conditions also say when they could next become true, so the snippet re-evaluates
// at that moment instead of polling. Pure: no DOM, no clock of its own.
import type { EntryPoint, GuideAction, GuideCondition, GuideRule } from './guide-rules';
import { CUSTOM_TIMEOUT_MS, type CustomConditionSpec } from './guide-custom';

export interface VisitorState {
  /** The current page's URL. */
  page: string;
  /** When the visitor landed on this page and the time now (ms). */
  pageSince: number;
  now: number;
  scrollPercent: number;
  pageViews: number;
  tags: readonly string[];
  returning: boolean;
  device: 'mobile' | 'tablet' | 'desktop';
  /** navigator.language, e.g. es-ES. */
  language: string;
  chatOnline: boolean;
  /** Answers of custom conditions for this page, by URL (the snippet asks them; guide-custom.ts); missing = not yet = false. */
  custom?: Readonly<Record<string, boolean>>;
  /** Offers this visitor dismissed or clicked in this session: not shown again. */
  offersDone?: readonly string[];
}

export interface GuideOutcome {
  entryPoints: EntryPoint[] | null;
  offer: (Extract<GuideAction, { type: 'show_offer' }> & { ruleId: string }) | null;
  branding: { colour?: string; position?: 'bottom-right' | 'bottom-left'; title?: string; logoUrl?: string };
  addTags: string[];
  removeTags: string[];
  /** Rules whose conditions hold now. */
  matched: string[];
  /** Ms until a time-on-page condition could change the outcome; null when none can. */
  recheckInMs: number | null;
}

function holds(c: GuideCondition, v: VisitorState): boolean {
  switch (c.type) {
    case 'page': {
      const page = v.page;
      switch (c.op) {
        case 'equals': return stripTrailingSlash(page) === stripTrailingSlash(c.value);
        case 'not_equals': return stripTrailingSlash(page) !== stripTrailingSlash(c.value);
        case 'contains': return page.toLowerCase().includes(c.value.toLowerCase());
        case 'not_contains': return !page.toLowerCase().includes(c.value.toLowerCase());
        case 'regex': return regex(c.value)?.test(page) ?? false;
      }
      return false;
    }
    case 'time_on_page': return v.now - v.pageSince >= c.atLeastSeconds * 1000;
    case 'scroll_depth': return v.scrollPercent >= c.atLeastPercent;
    case 'page_views': return c.op === 'at_least' ? v.pageViews >= c.value : v.pageViews <= c.value;
    case 'visitor_tag': return v.tags.includes(c.tag) === (c.op === 'has');
    case 'returning_visitor': return v.returning === c.value;
    case 'device': return v.device === c.value;
    case 'language': return v.language.toLowerCase() === c.value.toLowerCase() || v.language.toLowerCase().startsWith(`${c.value.toLowerCase()}-`);
    case 'chat_online': return v.chatOnline === c.value;
    case 'custom': return v.custom?.[c.url] === true;
  }
}

// Patterns were checked for catastrophic backtracking when the rule was saved (GuideRuleSchema),
// so the snippet compiles them as they are (and does not carry the checker).
const compiled = new Map<string, RegExp | null>();
function regex(pattern: string): RegExp | null {
  if (!compiled.has(pattern)) {
    let re: RegExp | null = null;
    try { re = new RegExp(pattern, 'i'); } catch { re = null; }
    compiled.set(pattern, re);
  }
  return compiled.get(pattern)!;
}

/** `https://shop.example/pricing/` and `https://shop.example/pricing` are the same page. */
const stripTrailingSlash = (url: string) => url.replace(/\/+(?=$|[?#])/, '');

/** Whether a rule applies now, and if not, when waiting alone could make one of its sets hold. */
function ruleHolds(rule: GuideRule, v: VisitorState): { now: boolean; waitMs: number | null } {
  if (rule.conditionSets.length === 0) return { now: true, waitMs: null };
  let waitMs: number | null = null;
  for (const set of rule.conditionSets) {
    const failing = set.filter((c) => !holds(c, v));
    if (failing.length === 0) return { now: true, waitMs: null };
    // Only time on page changes by itself: a set failing on that alone will hold after the wait.
    if (failing.every((c) => c.type === 'time_on_page')) {
      const wait = Math.max(...failing.map((c) => (c as { atLeastSeconds: number }).atLeastSeconds * 1000 - (v.now - v.pageSince)));
      waitMs = waitMs === null ? wait : Math.min(waitMs, wait);
    }
  }
  return { now: false, waitMs };
}

export function evaluateGuide(rules: readonly GuideRule[], v: VisitorState): GuideOutcome {
  const out: GuideOutcome = { entryPoints: null, offer: null, branding: {}, addTags: [], removeTags: [], matched: [], recheckInMs: null };
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const result = ruleHolds(rule, v);
    if (!result.now) {
      if (result.waitMs !== null) out.recheckInMs = out.recheckInMs === null ? result.waitMs : Math.min(out.recheckInMs, result.waitMs);
      continue;
    }
    out.matched.push(rule.id);
    for (const action of rule.actions) apply(out, action, rule.id, v);
  }
  return out;
}

function apply(out: GuideOutcome, action: GuideAction, ruleId: string, v: VisitorState) {
  switch (action.type) {
    case 'set_template':
      out.entryPoints ??= [...action.entryPoints];
      return;
    case 'show_offer':
      if (!out.offer && !v.offersDone?.includes(action.offerId)) out.offer = { ...action, ruleId };
      return;
    case 'set_branding': {
      const b = out.branding;
      if (action.colour && !b.colour) b.colour = action.colour;
      if (action.position && !b.position) b.position = action.position;
      if (action.title && !b.title) b.title = action.title;
      if (action.logoUrl && !b.logoUrl) b.logoUrl = action.logoUrl;
      return;
    }
    case 'add_visitor_tag':
      if (!v.tags.includes(action.tag) && !out.addTags.includes(action.tag)) out.addTags.push(action.tag);
      return;
    case 'remove_visitor_tag':
      if (v.tags.includes(action.tag) && !out.removeTags.includes(action.tag)) out.removeTags.push(action.tag);
      return;
  }
}

/** The custom conditions the enabled rules ask, one per URL (the first one's timeout and cache time win). */
export function customConditions(rules: readonly GuideRule[]): CustomConditionSpec[] {
  const byUrl = new Map<string, CustomConditionSpec>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const set of rule.conditionSets) {
      for (const c of set) {
        if (c.type === 'custom' && !byUrl.has(c.url)) byUrl.set(c.url, { url: c.url, timeoutMs: c.timeoutMs ?? CUSTOM_TIMEOUT_MS, ...(c.cacheSeconds ? { cacheSeconds: c.cacheSeconds } : {}) });
      }
    }
  }
  return [...byUrl.values()];
}

/** The custom-condition URLs the rules ask. */
export function customConditionUrls(rules: readonly GuideRule[]): string[] {
  const urls = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const set of rule.conditionSets) for (const c of set) if (c.type === 'custom') urls.add(c.url);
  }
  return [...urls];
}
