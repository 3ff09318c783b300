// The supervisor view: queues (waiting, oldest wait), the cases waiting for an agent, the cases
// with agents (offered or accepted, since when), and the agents (status, since, skills, load against
// capacity), with Reassign on every case. The two case lists come a page at a time with their totals
// ("Show more" reads the next page by cursor), and the numbers at the top are the same totals the
// queue table adds up to. Live: the SSE stream's `case` events reload the case tables and the queues;
// agents' status and load are read again every 5 seconds (a status change is not a case change).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { openLiveStream } from '../inbox/live-stream';
import { useUi } from '../ui/dialog';
import { ReassignDialog, type ReassignTarget } from './ReassignDialog';
import { t } from '../i18n';
import { loadPage, loadUpTo, PAGE, type Page } from './paged';
import { AgentsTable, BacklogTable, HeldFilter, InProgressTable, QueuesTable, ShowMore } from './SupervisorTables';
import type { AgentStatus, BacklogCase, HeldCase, HeldCounts, Queue, QueueSummaryRow, RoutingAgent, Skill } from './types';
import '../inbox/inbox.css';
import './supervisor.css';

const AGENT_POLL_MS = 5000;

type BacklogPage = Page<BacklogCase> & { total: number };
type HeldPage = Page<HeldCase> & { counts: HeldCounts };
export type HeldState = 'offered' | 'accepted' | 'all';

/** Offers count down by this browser's clock from the time left the API gave. */
const stamp = (page: HeldPage, at = Date.now()): HeldPage => ({
  ...page, items: page.items.map((c) => ({ ...c, sinceLocal: at - c.heldMs, expiresAtLocal: c.offerRemainingMs === null ? null : at + c.offerRemainingMs })),
});

export function SupervisorPage() {
  const { toast } = useUi();
  const [queues, setQueues] = useState<QueueSummaryRow[]>([]);
  const [backlog, setBacklog] = useState<BacklogPage>({ items: [], nextCursor: null, total: 0 });
  const [held, setHeld] = useState<HeldPage>({ items: [], nextCursor: null, counts: { offered: 0, accepted: 0, total: 0 } });
  const [heldState, setHeldState] = useState<HeldState>('all');
  const [agents, setAgents] = useState<RoutingAgent[]>([]);
  const [skills, setSkills] = useState<Skill[]>([]);
  const [queueList, setQueueList] = useState<Queue[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<ReassignTarget | null>(null);
  const [now, setNow] = useState(Date.now());
  // How many rows of each list the supervisor has asked to see; a live reload reads that many again.
  const want = useRef({ backlog: PAGE, held: PAGE });
  const heldPath = (state: HeldState) => `/routing/assignments${state === 'all' ? '' : `?state=${state}`}`;
  // The filter as the loaders see it (a ref, so changing it does not reopen the live stream).
  const heldFilter = useRef<HeldState>('all');

  const loadAgents = useCallback(() => api<{ items: RoutingAgent[] }>('/agents').then((r) => setAgents(r.items)), []);
  const loadWork = useCallback(async () => {
    const [summary, waiting, withAgents] = await Promise.all([
      api<{ queues: QueueSummaryRow[] }>('/routing/queues/summary'),
      loadUpTo<BacklogPage>('/routing/backlog', want.current.backlog),
      loadUpTo<HeldPage>(heldPath(heldFilter.current), want.current.held),
    ]);
    setQueues(summary.queues);
    setBacklog(waiting);
    setHeld(stamp(withAgents));
    setError(null);
  }, []);

  useEffect(() => {
    void Promise.all([loadWork(), loadAgents()]).catch((err: Error) => setError(err.message || t('supervisor.couldNotLoad')));
  }, [loadWork, loadAgents]);
  useEffect(() => {
    api<{ items: Skill[] }>('/skills').then((r) => setSkills(r.items), () => {});
    api<{ items: Queue[] }>('/queues').then((r) => setQueueList(r.items), () => {});
    const poll = setInterval(() => void loadAgents().catch(() => {}), AGENT_POLL_MS);
    return () => clearInterval(poll);
  }, [loadAgents]);

  // Case changes (new, assigned, accepted, resolved…) reload the tables, a burst at a time.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const reload = () => {
      clearTimeout(pending.current);
      pending.current = setTimeout(() => { void loadWork().catch(() => {}); void loadAgents().catch(() => {}); }, 200);
    };
    const stop = openLiveStream((e) => { if (e.type === 'case' || e.type === 'reset') reload(); }, setConnected);
    return () => { stop(); clearTimeout(pending.current); };
  }, [loadWork, loadAgents]);

  // Offers count down each second while one is shown.
  const offersShown = held.items.some((c) => c.state === 'offered');
  useEffect(() => {
    if (!offersShown) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [offersShown]);

  const moreBacklog = async () => {
    try {
      const next = await loadPage<BacklogPage>('/routing/backlog', backlog.nextCursor);
      want.current.backlog = backlog.items.length + next.items.length;
      setBacklog({ ...next, items: [...backlog.items, ...next.items] });
    } catch (err) { toast((err as Error).message, 'danger'); }
  };
  const moreHeld = async () => {
    try {
      const next = stamp(await loadPage<HeldPage>(heldPath(heldState), held.nextCursor));
      want.current.held = held.items.length + next.items.length;
      setHeld({ ...next, items: [...held.items, ...next.items] });
    } catch (err) { toast((err as Error).message, 'danger'); }
  };
  const filterHeld = (state: HeldState) => {
    want.current.held = PAGE;
    heldFilter.current = state;
    setHeldState(state);
    void loadWork().catch((err: Error) => toast(err.message, 'danger'));
  };

  const setStatus = async (a: RoutingAgent, status: AgentStatus) => {
    try {
      await api(`/agents/${encodeURIComponent(a.id)}/status`, { method: 'PUT', json: { status } });
      await loadAgents();
    } catch (err) { toast((err as Error).message, 'danger'); }
  };

  const queueName = (b: BacklogCase) => b.queueName ?? t('supervisor.noQueue');
  const agentName = (c: HeldCase) => c.agentName ?? agents.find((a) => a.id === c.agentId)?.name ?? c.agentId;
  const available = agents.filter((a) => a.status === 'available').length;
  const heldShown = heldState === 'all' ? held.counts.total : held.counts[heldState];
  return (
    <div className="page sup-page">
      <div className="page-header">
        <div className="grow">
          <h1>{t('supervisor.supervisor')}</h1>
          <p>{t('supervisor.supervisorLead')}</p>
        </div>
        <div className="sup-kpis" aria-label={t('supervisor.queues')} data-testid="sup-kpis">
          <span className="kpi"><b>{backlog.total}</b>{t('supervisor.waiting')}</span>
          <span className="kpi"><b>{held.counts.offered}</b>{t('supervisor.offered')}</span>
          <span className="kpi"><b>{held.counts.accepted}</b>{t('supervisor.assigned')}</span>
          <span className="kpi"><b>{available}/{agents.length}</b>{t('supervisor.st.available')}</span>
        </div>
        <span className={`live-dot${connected ? ' on' : ''}`} role="status">{connected ? t('supervisor.live') : t('supervisor.reconnecting')}</span>
      </div>
      {error && <div className="banner danger" role="alert">{error}</div>}
      <div className="sup-grid">
        <section className="card" aria-labelledby="sup-queues">
          <div className="card-head"><h2 id="sup-queues">{t('supervisor.queues')}</h2></div>
          <QueuesTable queues={queues} />
        </section>
        <section className="card" aria-labelledby="sup-backlog">
          <div className="card-head"><h2 id="sup-backlog">{t('supervisor.backlog')}</h2><span className="chip" data-testid="backlog-total">{backlog.total}</span></div>
          <BacklogTable items={backlog.items} queueName={queueName}
            onReassign={(b) => setTarget({ caseId: b.caseId, who: b.contactName ?? t('supervisor.unknownCustomer'), now: t('supervisor.nowWaiting', { queue: queueName(b) }), assigneeId: null })} />
          <ShowMore shown={backlog.items.length} total={backlog.total} more={backlog.nextCursor !== null} onMore={() => void moreBacklog()} testId="backlog-more" />
        </section>
      </div>
      <section className="card" aria-labelledby="sup-progress">
        <div className="card-head">
          <h2 id="sup-progress">{t('supervisor.inProgress')}</h2><span className="chip" data-testid="held-total">{heldShown}</span>
          <span className="grow" />
          <HeldFilter value={heldState} counts={held.counts} onChange={filterHeld} />
        </div>
        <InProgressTable cases={held.items} agentName={agentName} now={now}
          onReassign={(c) => setTarget({
            caseId: c.caseId, who: c.contactName ?? t('supervisor.unknownCustomer'), assigneeId: c.agentId,
            now: t(c.state === 'offered' ? 'supervisor.nowOffered' : 'supervisor.nowWith', { agent: agentName(c) }),
          })} />
        <ShowMore shown={held.items.length} total={heldShown} more={held.nextCursor !== null} onMore={() => void moreHeld()} testId="held-more" />
      </section>
      <section className="card" aria-labelledby="sup-agents">
        <div className="card-head"><h2 id="sup-agents">{t('supervisor.agents')}</h2><span className="muted small">{t('supervisor.loadLegend')}</span></div>
        <AgentsTable agents={agents} onStatus={(a, st) => void setStatus(a, st)} />
      </section>
      {target && (
        <ReassignDialog target={target} agents={agents} skills={skills} queues={queueList} onClose={() => setTarget(null)}
          onDone={(message) => { setTarget(null); toast(message); void loadWork().catch(() => {}); void loadAgents().catch(() => {}); }} />
      )}
    </div>
  );
}
