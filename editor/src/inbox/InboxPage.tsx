// The agent workspace: the inbox of cases from every channel (filters, search, SLA timers, unread
// markers), live through the event stream, next to the open case. Keyboard: j/k move, Enter
// opens, e resolves, r replies, / searches.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { api } from '../api/client';
import { useSession } from '../shell/session';
import { t, type StringKey } from '../i18n';
import { CaseList } from './CaseList';
import { CaseView, type CaseViewHandle } from './CaseView';
import { OfferBanner } from './OfferBanner';
import { channelBadge } from './channel-badges';
import { openLiveStream } from './live-stream';
import { inboxKey, initialNav, navReducer } from './nav-reducer';
import type { CaseDetail, CaseStatus, CaseSummary, SlaTargets, User } from './types';
import { isUnread, markSeen, readSeen } from './unread';
import './inbox.css';

const ACTIVE: CaseStatus[] = ['new', 'open', 'pending', 'escalated'];
const STATUSES: CaseStatus[] = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'];
type Assignment = 'all' | 'mine' | 'unassigned';
interface Filters { status: 'active' | 'any' | CaseStatus; channelId: string; skillId: string; assignment: Assignment; q: string }

function matches(c: CaseSummary, f: Filters, myId: string | null): boolean {
  if (f.status === 'active' && !ACTIVE.includes(c.status)) return false;
  if (f.status !== 'active' && f.status !== 'any' && c.status !== f.status) return false;
  if (f.channelId && c.channelId !== f.channelId) return false;
  if (f.skillId && c.skillId !== f.skillId) return false;
  if (f.assignment === 'mine' && c.assigneeId !== myId) return false;
  if (f.assignment === 'unassigned' && c.assigneeId !== null) return false;
  return true;
}

/** The server's order for sort=activity: last activity, then id, both newest first. */
const byActivity = (a: CaseSummary, b: CaseSummary) =>
  a.lastActivityAt !== b.lastActivityAt ? (a.lastActivityAt < b.lastActivityAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

function query(f: Filters, myId: string | null, cursor?: string): string {
  // Last activity first: a case whose customer writes again rises to the top.
  const p = new URLSearchParams({ limit: '50', sort: 'activity' });
  if (f.status === 'active') p.set('status', ACTIVE.join(','));
  else if (f.status !== 'any') p.set('status', f.status);
  if (f.channelId) p.set('channelId', f.channelId);
  if (f.skillId) p.set('skillId', f.skillId);
  if (f.assignment === 'mine' && myId) p.set('assigneeId', myId);
  if (f.assignment === 'unassigned') p.set('assigneeId', 'none');
  if (f.q.trim()) p.set('q', f.q.trim());
  if (cursor) p.set('cursor', cursor);
  return `/cases?${p}`;
}

export function InboxPage() {
  const { me } = useSession();
  const myId = me?.user?.id ?? null;
  const [filters, setFilters] = useState<Filters>({ status: 'active', channelId: '', skillId: '', assignment: 'all', q: '' });
  const [skills, setSkills] = useState<{ id: string; name: string }[]>([]);
  const [search, setSearch] = useState('');
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [nav, dispatch] = useReducer(navReducer, initialNav);
  const [targets, setTargets] = useState<SlaTargets | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [channels, setChannels] = useState<{ id: string; name: string; type: string }[]>([]);
  const [connected, setConnected] = useState(false);
  const [versions, setVersions] = useState<Record<string, number>>({});
  const [seen, setSeen] = useState(readSeen);
  const [now, setNow] = useState(Date.now());
  const caseView = useRef<CaseViewHandle>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const openRef = useRef(nav.open);
  openRef.current = nav.open;

  useEffect(() => {
    api<SlaTargets>('/workspace/sla').then(setTargets, () => {});
    api<{ items: User[] }>('/users').then((r) => setUsers(r.items), () => {});
    api<{ items: { id: string; name: string }[] }>('/skills').then((r) => setSkills(r.items), () => {});
    api<{ items: { id: string; name: string; type: string }[] }>('/channels?limit=200').then((r) => setChannels(r.items), () => {});
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(tick);
  }, []);

  // The search box waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const load = useCallback(async (f: Filters) => {
    const page = await api<{ items: CaseSummary[]; nextCursor: string | null }>(query(f, myId));
    if (filtersRef.current !== f) return;
    setCases(page.items);
    setCursor(page.nextCursor);
  }, [myId]);
  useEffect(() => { void load(filters).catch(() => {}); }, [filters, load]);
  useEffect(() => { dispatch({ type: 'list', ids: cases.map((c) => c.id) }); }, [cases]);

  // Live: upsert cases that match the filters, drop those that no longer do, refresh the open case.
  useEffect(() => {
    let searchReload: ReturnType<typeof setTimeout> | undefined;
    const stop = openLiveStream((e) => {
      if (e.type === 'ready') return;
      if (e.type === 'reset') {
        void load(filtersRef.current).catch(() => {});
        if (openRef.current) setVersions((v) => ({ ...v, [openRef.current!]: (v[openRef.current!] ?? 0) + 1 }));
        return;
      }
      if (e.type === 'case_hidden') {
        // Out of this agent's sight now: the row goes, and so does the case if it was open.
        const hiddenId = e.data.id;
        setCases((list) => (list.some((x) => x.id === hiddenId) ? list.filter((x) => x.id !== hiddenId) : list));
        if (openRef.current === hiddenId) dispatch({ type: 'close' });
        return;
      }
      const caseId = e.type === 'case' ? e.data.id : e.data.caseId;
      setVersions((v) => ({ ...v, [caseId]: (v[caseId] ?? 0) + 1 }));
      if (caseId === openRef.current && e.type === 'message' && e.data.direction === 'in') {
        markSeen(caseId, Date.now() + 1000);
        setSeen(readSeen());
      }
      if (e.type !== 'case') return;
      const f = filtersRef.current;
      if (f.q.trim()) {
        clearTimeout(searchReload);
        searchReload = setTimeout(() => void load(filtersRef.current).catch(() => {}), 300);
        return;
      }
      const c = e.data;
      setCases((list) => {
        const without = list.filter((x) => x.id !== c.id);
        if (!matches(c, f, myId)) return without.length === list.length ? list : without;
        const merged = [...without, c].sort(byActivity);
        return merged;
      });
    }, setConnected);
    return () => { stop(); clearTimeout(searchReload); };
  }, [load, myId]);

  const open = useCallback((id?: string) => {
    const target = id ?? nav.focused;
    if (!target) return;
    dispatch({ type: 'open', id: target });
    markSeen(target);
    setSeen(readSeen());
  }, [nav.focused]);

  // Keyboard shortcuts for the whole page (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = inboxKey(e);
      if (!action) return;
      if (action === 'open' && !(e.target === document.body || (e.target as HTMLElement).closest?.('.case-list'))) return;
      e.preventDefault();
      switch (action) {
        case 'next': dispatch({ type: 'next' }); break;
        case 'prev': dispatch({ type: 'prev' }); break;
        case 'open': open(); break;
        case 'resolve': caseView.current?.resolve(); break;
        case 'reply': caseView.current?.focusReply(); break;
        case 'search': searchBox.current?.focus(); searchBox.current?.select(); break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api<{ items: CaseSummary[]; nextCursor: string | null }>(query(filters, myId, cursor));
    setCases((list) => [...list, ...page.items.filter((c) => !list.some((x) => x.id === c.id))]);
    setCursor(page.nextCursor);
  };

  const onCaseChanged = useCallback((d: CaseDetail) => {
    const { messages: _m, events: _e, ...summary } = d;
    setCases((list) => list.map((c) => (c.id === d.id ? { ...c, ...summary } : c)));
  }, []);

  const unread = useMemo(() => (c: CaseSummary) => c.id !== nav.open && isUnread(c, seen), [seen, nav.open]);
  const channelOptions = channels.length ? channels : [...new Map(cases.map((c) => [c.channelId, { id: c.channelId, name: channelBadge(c.channelType).label, type: c.channelType ?? '' }])).values()];
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <div className="inbox">
      <section className="inbox-list" aria-label={t('inbox.inbox')}>
        <div className="inbox-head">
          <h1>{t('inbox.inbox')}</h1>
          <span className={`live-dot${connected ? ' on' : ''}`} role="status">{connected ? t('inbox.live') : t('inbox.reconnecting')}</span>
        </div>
        <div className="inbox-search">
          <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" aria-hidden="true"><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></svg>
          <input ref={searchBox} type="search" aria-label={t('inbox.searchLabel')} placeholder={t('inbox.searchPlaceholder')} value={search}
            onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
          <kbd aria-hidden="true">/</kbd>
        </div>
        <div className="inbox-filters">
          <div className="seg seg-sm" role="radiogroup" aria-label={t('inbox.assignmentFilter')}>
            {(['all', 'mine', 'unassigned'] as Assignment[]).map((a) => (
              <button key={a} role="radio" aria-checked={filters.assignment === a} className={filters.assignment === a ? 'on' : ''}
                disabled={a === 'mine' && !myId} onClick={() => set({ assignment: a })}>{t(`inbox.${a}`)}</button>
            ))}
          </div>
          <select className="select select-sm" aria-label={t('inbox.statusFilter')} value={filters.status} onChange={(e) => set({ status: e.target.value as Filters['status'] })}>
            <option value="active">{t('inbox.allStatuses')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`inbox.status.${s}` as StringKey)}</option>)}
            <option value="any">{t('inbox.everyStatus')}</option>
          </select>
          <select className="select select-sm" aria-label={t('inbox.channelFilter')} value={filters.channelId} onChange={(e) => set({ channelId: e.target.value })}>
            <option value="">{t('inbox.allChannels')}</option>
            {channelOptions.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          {skills.length > 0 && (
            <select className="select select-sm skill-filter" aria-label={t('assign.skillFilter')} value={filters.skillId} onChange={(e) => set({ skillId: e.target.value })}>
              <option value="">{t('assign.allSkills')}</option>
              {skills.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
            </select>
          )}
        </div>
        <OfferBanner myId={myId} trigger={cases} onOpen={(id) => open(id)} />
        <CaseList cases={cases} focused={nav.focused} open={nav.open} unread={unread} targets={targets} now={now}
          onOpen={(id) => open(id)} onFocus={(id) => dispatch({ type: 'focus', id })} />
        {cursor && <button className="btn btn-ghost load-more" onClick={() => void loadMore()}>{t('inbox.loadMore')}</button>}
        <div className="kbd-help">{t('inbox.keyboardHelp')}</div>
      </section>
      {nav.open ? (
        <CaseView key={nav.open} ref={caseView} caseId={nav.open} version={versions[nav.open] ?? 0} me={{ id: myId, name: me?.user?.name ?? null }}
          users={users} targets={targets} now={now} onChanged={onCaseChanged} />
      ) : (
        <div className="case-placeholder">
          <div className="inbox-empty"><strong>{t('inbox.pickCase')}</strong><span>{t('inbox.pickCaseHint')}</span></div>
        </div>
      )}
    </div>
  );
}
