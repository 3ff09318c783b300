// The supervisor view: queues (waiting, oldest wait), the cases waiting for an agent, the cases
// with agents, and the agents (status, since, skills, load against capacity), with Reassign on every
// case. Live: the SSE stream's `case` events reload the case tables and the queues; agents' status
// and load are read again every 5 seconds (a status change is not a case change).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import { openLiveStream } from '../inbox/live-stream';
import type { CaseSummary } from '../inbox/types';
import { useUi } from '../ui/dialog';
import { ReassignDialog, type ReassignTarget } from './ReassignDialog';
import { s } from './strings';
import { AgentsTable, BacklogTable, InProgressTable, QueuesTable } from './SupervisorTables';
import type { AgentStatus, BacklogCase, Queue, QueueSummaryRow, RoutingAgent, Skill } from './types';
import '../inbox/inbox.css';
import './supervisor.css';

const AGENT_POLL_MS = 5000;

export function SupervisorPage() {
  const { toast } = useUi();
  const [queues, setQueues] = useState<QueueSummaryRow[]>([]);
  const [backlog, setBacklog] = useState<BacklogCase[]>([]);
  const [active, setActive] = useState<CaseSummary[]>([]);
  const [agents, setAgents] = useState<RoutingAgent[]>([]);
  const [skills, setSkills] = useState<Skill[]>([]);
  const [queueList, setQueueList] = useState<Queue[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<ReassignTarget | null>(null);

  const loadAgents = useCallback(() => api<{ items: RoutingAgent[] }>('/agents').then((r) => setAgents(r.items)), []);
  const loadWork = useCallback(async () => {
    const [summary, waiting, cases] = await Promise.all([
      api<{ queues: QueueSummaryRow[] }>('/routing/queues/summary'),
      api<{ items: BacklogCase[] }>('/routing/backlog?limit=100'),
      api<{ items: CaseSummary[] }>('/cases?status=new,open,pending,escalated&limit=100'),
    ]);
    setQueues(summary.queues);
    setBacklog(waiting.items);
    setActive(cases.items);
    setError(null);
  }, []);

  useEffect(() => {
    void Promise.all([loadWork(), loadAgents()]).catch((err: Error) => setError(err.message || s('couldNotLoad')));
    api<{ items: Skill[] }>('/skills').then((r) => setSkills(r.items), () => {});
    api<{ items: Queue[] }>('/queues').then((r) => setQueueList(r.items), () => {});
    const poll = setInterval(() => void loadAgents().catch(() => {}), AGENT_POLL_MS);
    return () => clearInterval(poll);
  }, [loadWork, loadAgents]);

  // Case changes (new, assigned, resolved…) reload the tables, a burst at a time.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const reload = () => {
      clearTimeout(pending.current);
      pending.current = setTimeout(() => { void loadWork().catch(() => {}); void loadAgents().catch(() => {}); }, 200);
    };
    const stop = openLiveStream((e) => { if (e.type === 'case' || e.type === 'reset') reload(); }, setConnected);
    return () => { stop(); clearTimeout(pending.current); };
  }, [loadWork, loadAgents]);

  const byId = useMemo(() => new Map(active.map((c) => [c.id, c])), [active]);
  const agentName = useCallback((id: string) => agents.find((a) => a.id === id)?.name ?? id, [agents]);
  const queueName = useCallback((id: string | null) => (id ? queues.find((q) => q.queueId === id)?.name ?? queueList.find((q) => q.id === id)?.name ?? id : s('noQueue')), [queues, queueList]);
  const waitingIds = useMemo(() => new Set(backlog.map((b) => b.caseId)), [backlog]);
  const withAgents = active.filter((c) => c.assigneeId && !waitingIds.has(c.id));

  const setStatus = async (a: RoutingAgent, status: AgentStatus) => {
    try {
      await api(`/agents/${encodeURIComponent(a.id)}/status`, { method: 'PUT', json: { status } });
      await loadAgents();
    } catch (err) { toast((err as Error).message, 'danger'); }
  };

  const totalWaiting = queues.reduce((n, q) => n + q.waiting, 0);
  const available = agents.filter((a) => a.status === 'available').length;
  return (
    <div className="page sup-page">
      <div className="page-header">
        <div className="grow">
          <h1>{s('supervisor')}</h1>
          <p>{s('supervisorLead')}</p>
        </div>
        <div className="sup-kpis" aria-label={s('queues')}>
          <span className="kpi"><b>{totalWaiting}</b>{s('waiting')}</span>
          <span className="kpi"><b>{withAgents.length}</b>{s('assigned')}</span>
          <span className="kpi"><b>{available}/{agents.length}</b>{s('st.available')}</span>
        </div>
        <span className={`live-dot${connected ? ' on' : ''}`} role="status">{connected ? s('live') : s('reconnecting')}</span>
      </div>
      {error && <div className="banner danger" role="alert">{error}</div>}
      <div className="sup-grid">
        <section className="card" aria-labelledby="sup-queues">
          <div className="card-head"><h2 id="sup-queues">{s('queues')}</h2></div>
          <QueuesTable queues={queues} />
        </section>
        <section className="card" aria-labelledby="sup-backlog">
          <div className="card-head"><h2 id="sup-backlog">{s('backlog')}</h2><span className="chip">{backlog.length}</span></div>
          <BacklogTable items={backlog} cases={byId} queueName={queueName}
            onReassign={(b) => setTarget({ caseId: b.caseId, who: byId.get(b.caseId)?.contactName ?? s('unknownCustomer'), now: s('nowWaiting', { queue: queueName(b.queueId) }), assigneeId: null })} />
        </section>
      </div>
      <section className="card" aria-labelledby="sup-agents">
        <div className="card-head"><h2 id="sup-agents">{s('agents')}</h2><span className="muted small">{s('loadLegend')}</span></div>
        <AgentsTable agents={agents} onStatus={(a, st) => void setStatus(a, st)} />
      </section>
      <section className="card" aria-labelledby="sup-progress">
        <div className="card-head"><h2 id="sup-progress">{s('inProgress')}</h2><span className="chip">{withAgents.length}</span></div>
        <InProgressTable cases={withAgents} agentName={agentName}
          onReassign={(c) => setTarget({ caseId: c.id, who: c.contactName ?? s('unknownCustomer'), now: s('nowWith', { agent: c.assigneeId ? agentName(c.assigneeId) : '—' }), assigneeId: c.assigneeId })} />
      </section>
      {target && (
        <ReassignDialog target={target} agents={agents} skills={skills} queues={queueList} onClose={() => setTarget(null)}
          onDone={(message) => { setTarget(null); toast(message); void loadWork().catch(() => {}); void loadAgents().catch(() => {}); }} />
      )}
    </div>
  );
}
