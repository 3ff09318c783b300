// The supervisor view's tables: queues at a glance, the cases waiting for an agent, the cases with
// agents (offered or accepted, since when), and the agents (status, since, skills, load against
// capacity per channel kind); "Show more" under a list that has more pages.
import { t, type StringKey } from '../i18n';
import { countdownText, sinceText, waitText } from './format';
import type { HeldState } from './SupervisorPage';
import { CHANNEL_KINDS, type AgentStatus, type BacklogCase, type HeldCase, type HeldCounts, type QueueSummaryRow, type RoutingAgent } from './types';

const customer = (name: string | null) => name ?? t('supervisor.unknownCustomer');

export function QueuesTable({ queues }: { queues: QueueSummaryRow[] }) {
  if (queues.length === 0) return <div className="empty small">{t('supervisor.noQueues')}</div>;
  return (
    <table className="table sup-table" data-testid="queues">
      <thead><tr>
        <th scope="col">{t('supervisor.queue')}</th><th scope="col" className="num">{t('supervisor.waiting')}</th><th scope="col">{t('supervisor.oldestWait')}</th>
        <th scope="col" className="num">{t('supervisor.offered')}</th><th scope="col" className="num">{t('supervisor.assigned')}</th><th scope="col" className="num">{t('supervisor.agentsAvailable')}</th>
      </tr></thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queueId ?? 'none'} data-queue={q.name}>
            <th scope="row">{q.queueId ? q.name : <span className="muted">{t('supervisor.noQueue')}</span>}</th>
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

export function BacklogTable({ items, queueName, onReassign }: {
  items: BacklogCase[]; queueName: (b: BacklogCase) => string; onReassign: (b: BacklogCase) => void;
}) {
  if (items.length === 0) return <div className="empty small">{t('supervisor.backlogEmpty')}</div>;
  return (
    <table className="table sup-table" data-testid="backlog">
      <thead><tr>
        <th scope="col">{t('supervisor.caseCol')}</th><th scope="col">{t('supervisor.queue')}</th><th scope="col">{t('supervisor.reason')}</th><th scope="col">{t('supervisor.waitingFor')}</th><th scope="col"><span className="sr-only">{t('supervisor.reassign')}</span></th>
      </tr></thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.caseId} data-case-id={b.caseId}>
            <th scope="row" className="case-cell"><span className="case-who">{customer(b.contactName)}</span><span className="preview">{b.preview ?? ''}</span></th>
            <td>{queueName(b)}</td>
            <td className="why">{b.waitReason ? t(`supervisor.why.${b.waitReason}` as StringKey) : '—'}</td>
            <td className={b.waitingMs !== null && b.waitingMs > 5 * 60_000 ? 'late' : ''}>{waitText(b.waitingMs)}</td>
            <td className="actions"><button className="btn btn-sm" onClick={() => onReassign(b)}>{t('supervisor.reassign')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Offered (the time left to accept, ticking) or accepted, since when and for how long, and through which queue. */
function HeldStateCell({ c, now }: { c: HeldCase; now: number }) {
  const since = t('supervisor.sinceFor', { time: sinceText(c.since), wait: waitText(Math.max(0, now - (c.sinceLocal ?? Date.parse(c.since)))) });
  const queue = c.queueName ?? (c.routed ? t('supervisor.noQueue') : t('supervisor.byHand'));
  if (c.state === 'offered') {
    const left = c.expiresAtLocal != null ? c.expiresAtLocal - now : null;
    return (
      <td className="held-cell" data-state="offered">
        <span className="held-line">
          <span className="pill pill-offered">{t('supervisor.heldOffered')}</span>
          {left !== null && (left > 0
            ? <span className="held-timer" aria-label={t('supervisor.leftTime', { time: countdownText(left) })}>{t('supervisor.leftTime', { time: countdownText(left) })}</span>
            : <span className="held-timer late">{t('supervisor.offerLapsed')}</span>)}
        </span>
        <span className="held-detail">{queue} · {since}</span>
      </td>
    );
  }
  return (
    <td className="held-cell" data-state="accepted">
      <span className="held-line"><span className="pill pill-accepted">{t('supervisor.heldAccepted')}</span></span>
      <span className="held-detail">{queue} · {since}</span>
    </td>
  );
}

export function InProgressTable({ cases, agentName, now, onReassign }: { cases: HeldCase[]; agentName: (c: HeldCase) => string; now: number; onReassign: (c: HeldCase) => void }) {
  if (cases.length === 0) return <div className="empty small">{t('supervisor.inProgressEmpty')}</div>;
  return (
    <table className="table sup-table" data-testid="in-progress">
      <thead><tr>
        <th scope="col">{t('supervisor.caseCol')}</th><th scope="col">{t('supervisor.agent')}</th><th scope="col">{t('supervisor.status')}</th>
        <th scope="col">{t('supervisor.heldCol')}</th><th scope="col"><span className="sr-only">{t('supervisor.reassign')}</span></th>
      </tr></thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.caseId} data-case-id={c.caseId} data-state={c.state}>
            <th scope="row" className="case-cell"><span className="case-who">{customer(c.contactName)}</span><span className="preview">{c.preview ?? ''}</span></th>
            <td>{agentName(c)}</td>
            <td><span className={`pill pill-${c.status}`} data-testid="case-status">{t(`inbox.status.${c.status}` as StringKey)}</span></td>
            <HeldStateCell c={c} now={now} />
            <td className="actions"><button className="btn btn-sm" onClick={() => onReassign(c)}>{t('supervisor.reassign')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** All / Offered / Accepted, with how many of each. */
export function HeldFilter({ value, counts, onChange }: { value: HeldState; counts: HeldCounts; onChange: (v: HeldState) => void }) {
  const options: [HeldState, string, number][] = [['all', t('supervisor.filterAll'), counts.total], ['offered', t('supervisor.heldOffered'), counts.offered], ['accepted', t('supervisor.heldAccepted'), counts.accepted]];
  return (
    <div className="seg sup-filter" role="radiogroup" aria-label={t('supervisor.filterLabel')} data-testid="held-filter">
      {options.map(([v, label, n]) => (
        <button key={v} type="button" role="radio" aria-checked={value === v} className={value === v ? 'on' : ''} onClick={() => onChange(v)}>
          {label} <span className="seg-count">{n}</span>
        </button>
      ))}
    </div>
  );
}

/** "Showing 50 of 230" and a button for the next page, under a list that has more. */
export function ShowMore({ shown, total, more, onMore, testId }: { shown: number; total: number; more: boolean; onMore: () => void; testId: string }) {
  if (!more && shown >= total) return null;
  return (
    <div className="sup-more" data-testid={testId}>
      <span className="muted small" role="status">{t('supervisor.showing', { n: shown, total })}</span>
      {more && <button className="btn btn-sm" onClick={onMore}>{t('supervisor.showMore', { n: Math.min(50, Math.max(0, total - shown)) || 50 })}</button>}
    </div>
  );
}

export function AgentsTable({ agents, onStatus }: { agents: RoutingAgent[]; onStatus: (a: RoutingAgent, status: AgentStatus) => void }) {
  return (
    <table className="table sup-table" data-testid="agents">
      <thead><tr>
        <th scope="col">{t('supervisor.agent')}</th><th scope="col">{t('supervisor.status')}</th><th scope="col">{t('supervisor.since')}</th><th scope="col">{t('supervisor.skills')}</th>
        {CHANNEL_KINDS.map((k) => <th key={k} scope="col" className="num">{t(`supervisor.kind.${k}`)}</th>)}
      </tr></thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.id} data-agent={a.name}>
            <th scope="row"><span className="agent-name">{a.name}</span><span className="agent-role">{a.role}</span></th>
            <td><span className="status-cell">
              <span className={`status-dot ${a.status}`} aria-hidden="true" />
              <select className="select select-sm status-select" aria-label={t('supervisor.statusOf', { name: a.name })} value={a.status} data-testid="agent-status-select"
                onChange={(e) => onStatus(a, e.target.value as AgentStatus)}>
                {(['available', 'away', 'offline'] as AgentStatus[]).map((st) => <option key={st} value={st}>{t(`supervisor.st.${st}`)}</option>)}
              </select>
            </span></td>
            <td className="nowrap">{sinceText(a.since)}</td>
            <td>{a.skills.length ? a.skills.map((k) => <span key={k.skillId} className="chip" title={`${k.name}: ${k.proficiency}`}>{k.name} <b>{k.proficiency}</b></span>) : <span className="muted">{t('supervisor.noSkills')}</span>}</td>
            {CHANNEL_KINDS.map((k) => <td key={k} className="num"><LoadMeter n={a.load[k]} max={a.capacity[k]} label={`${t(`supervisor.kind.${k}`)}: ${t('supervisor.loadOf', { n: a.load[k], max: a.capacity[k] })}`} /></td>)}
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
