// The signed-in person's routing status in the sidebar: Available / Away / Offline in one click,
// and since when (GET and PUT /api/v1/agents/{id}). A supervisor may change it too, so it is read
// again every 30 seconds.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useUi } from '../ui/dialog';
import { sinceText } from './format';
import { t } from '../i18n';
import type { AgentStatus, RoutingAgent } from './types';
import './supervisor.css';

const STATUSES: AgentStatus[] = ['available', 'away', 'offline'];

export function AgentStatusControl({ userId }: { userId: string }) {
  const { toast } = useUi();
  const [agent, setAgent] = useState<Pick<RoutingAgent, 'status' | 'since'> | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => api<RoutingAgent>(`/agents/${encodeURIComponent(userId)}`).then(setAgent, () => {}), [userId]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  if (!agent) return null;
  const change = async (status: AgentStatus) => {
    if (status === agent.status || busy) return;
    setBusy(true);
    try { setAgent(await api<RoutingAgent>(`/agents/${encodeURIComponent(userId)}/status`, { method: 'PUT', json: { status } })); }
    catch (err) { toast((err as Error).message, 'danger'); }
    finally { setBusy(false); }
  };
  return (
    <div className="agent-status" data-testid="agent-status">
      <div className="agent-status-line">
        <span className={`status-dot ${agent.status}`} aria-hidden="true" />
        <span className="agent-status-now">{t(`supervisor.st.${agent.status}`)}</span>
        <span className="muted small">{t('supervisor.sinceTime', { time: sinceText(agent.since) })}</span>
      </div>
      <div className="seg seg-sm agent-status-seg" role="radiogroup" aria-label={t('supervisor.myStatus')}>
        {STATUSES.map((st) => (
          <button key={st} role="radio" aria-checked={agent.status === st} className={agent.status === st ? 'on' : ''} disabled={busy}
            title={t(`supervisor.st.${st}`)} onClick={() => void change(st)}>
            {t(`supervisor.st.${st}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
