// The supervisor view's tables: queues at a glance, the cases waiting for an agent, the cases with
// agents, and the agents (status, since, skills, load against capacity per channel kind).
import { t, type StringKey } from '../inbox/strings';
import type { CaseSummary } from '../inbox/types';
import { sinceText, waitText } from './format';
import { s, type SupervisorKey } from './strings';
import { CHANNEL_KINDS, type AgentStatus, type BacklogCase, type QueueSummaryRow, type RoutingAgent } from './types';

const customer = (c: CaseSummary | undefined) => c?.contactName ?? s('unknownCustomer');

export function QueuesTable({ queues }: { queues: QueueSummaryRow[] }) {
  if (queues.length === 0) return <div className="empty small">{s('noQueues')}</div>;
  return (
    <table className="table sup-table" data-testid="queues">
      <thead><tr>
        <th scope="col">{s('queue')}</th><th scope="col" className="num">{s('waiting')}</th><th scope="col">{s('oldestWait')}</th>
        <th scope="col" className="num">{s('offered')}</th><th scope="col" className="num">{s('assigned')}</th><th scope="col" className="num">{s('agentsAvailable')}</th>
      </tr></thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queueId ?? 'none'} data-queue={q.name}>
            <th scope="row">{q.queueId ? q.name : <span className="muted">{s('noQueue')}</span>}</th>
            <td className="num"><span className={`count${q.waiting > 0 ? ' hot' : ''}`}>{q.waiting}</span></td>
            <td className={q.oldestWaitingMs !== null && q.oldestWaitingMs > 5 * 60_000 ? 'late' : ''}>{waitText(q.oldestWaitingMs)}</td>
            <td className="num">{q.offered}</td>
            <td className="num">{q.assigned}</td>
            <td className="num">{q.agentsAvailable}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BacklogTable({ items, cases, queueName, onReassign }: {
  items: BacklogCase[]; cases: Map<string, CaseSummary>; queueName: (id: string | null) => string; onReassign: (b: BacklogCase) => void;
}) {
  if (items.length === 0) return <div className="empty small">{s('backlogEmpty')}</div>;
  return (
    <table className="table sup-table" data-testid="backlog">
      <thead><tr>
        <th scope="col">{s('caseCol')}</th><th scope="col">{s('queue')}</th><th scope="col">{s('reason')}</th><th scope="col">{s('waitingFor')}</th><th scope="col"><span className="sr-only">{s('reassign')}</span></th>
      </tr></thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.caseId} data-case-id={b.caseId}>
            <th scope="row" className="case-cell"><span className="case-who">{customer(cases.get(b.caseId))}</span><span className="preview">{b.preview ?? ''}</span></th>
            <td>{queueName(b.queueId)}</td>
            <td className="why">{b.waitReason ? s(`why.${b.waitReason}` as SupervisorKey) : '—'}</td>
            <td className={b.waitingMs !== null && b.waitingMs > 5 * 60_000 ? 'late' : ''}>{waitText(b.waitingMs)}</td>
            <td className="actions"><button className="btn btn-sm" onClick={() => onReassign(b)}>{s('reassign')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function InProgressTable({ cases, agentName, onReassign }: { cases: CaseSummary[]; agentName: (id: string) => string; onReassign: (c: CaseSummary) => void }) {
  if (cases.length === 0) return <div className="empty small">{s('inProgressEmpty')}</div>;
  return (
    <table className="table sup-table" data-testid="in-progress">
      <thead><tr>
        <th scope="col">{s('caseCol')}</th><th scope="col">{s('agent')}</th><th scope="col">{s('status')}</th><th scope="col"><span className="sr-only">{s('reassign')}</span></th>
      </tr></thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-case-id={c.id}>
            <th scope="row" className="case-cell"><span className="case-who">{customer(c)}</span><span className="preview">{c.preview ?? ''}</span></th>
            <td>{c.assigneeId ? agentName(c.assigneeId) : '—'}</td>
            <td><span className={`pill pill-${c.status}`} data-testid="case-status">{t(`status.${c.status}` as StringKey)}</span></td>
            <td className="actions"><button className="btn btn-sm" onClick={() => onReassign(c)}>{s('reassign')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AgentsTable({ agents, onStatus }: { agents: RoutingAgent[]; onStatus: (a: RoutingAgent, status: AgentStatus) => void }) {
  return (
    <table className="table sup-table" data-testid="agents">
      <thead><tr>
        <th scope="col">{s('agent')}</th><th scope="col">{s('status')}</th><th scope="col">{s('since')}</th><th scope="col">{s('skills')}</th>
        {CHANNEL_KINDS.map((k) => <th key={k} scope="col" className="num">{s(`kind.${k}`)}</th>)}
      </tr></thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.id} data-agent={a.name}>
            <th scope="row"><span className="agent-name">{a.name}</span><span className="agent-role">{a.role}</span></th>
            <td><span className="status-cell">
              <span className={`status-dot ${a.status}`} aria-hidden="true" />
              <select className="select select-sm status-select" aria-label={s('statusOf', { name: a.name })} value={a.status} data-testid="agent-status-select"
                onChange={(e) => onStatus(a, e.target.value as AgentStatus)}>
                {(['available', 'away', 'offline'] as AgentStatus[]).map((st) => <option key={st} value={st}>{s(`st.${st}`)}</option>)}
              </select>
            </span></td>
            <td className="nowrap">{sinceText(a.since)}</td>
            <td>{a.skills.length ? a.skills.map((k) => <span key={k.skillId} className="chip" title={`${k.name}: ${k.proficiency}`}>{k.name} <b>{k.proficiency}</b></span>) : <span className="muted">{s('noSkills')}</span>}</td>
            {CHANNEL_KINDS.map((k) => <td key={k} className="num"><LoadMeter n={a.load[k]} max={a.capacity[k]} label={`${s(`kind.${k}`)}: ${s('loadOf', { n: a.load[k], max: a.capacity[k] })}`} /></td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LoadMeter({ n, max, label }: { n: number; max: number; label: string }) {
  const ratio = max > 0 ? Math.min(1, n / max) : 1;
  const tone = n >= max ? 'full' : ratio >= 0.6 ? 'busy' : '';
  return (
    <span className={`load ${tone}`} title={label} aria-label={label} role="img">
      <span className="load-text" aria-hidden="true">{n}/{max}</span>
      <span className="load-bar" aria-hidden="true"><span style={{ width: `${Math.round(ratio * 100)}%` }} /></span>
    </span>
  );
}
