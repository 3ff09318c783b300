// Settings → Routing → Agents: each person's status, skills with proficiency (1 best, 20 weakest),
// how many cases they take at once per channel kind, and what they hold now. Admins edit skills,
// capacity and status in a dialog.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog, useUi } from '../ui/dialog';
import { t, tParts } from '../i18n';
import { Icon } from '../ui/icons';
import { CHANNEL_KINDS, kindText, statusText, sinceText, type Agent, type AgentStatus, type ChannelKind, type PerKind, type Skill } from './routing-types';

export function RoutingAgents({ editable, skills, version }: { editable: boolean; skills: Skill[]; version: number }) {
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Agent | null>(null);

  const load = () => api<{ items: Agent[] }>('/agents').then((r) => setAgents(r.items), (e) => setError((e as Error).message));
  useEffect(() => { void load(); }, [version]);

  return (
    <section className="card" data-testid="routing-agents">
      <div className="card-head">
        <div className="grow">
          <h2>{t('routing.agentsTitle')}</h2>
          <p className="help">{tParts('routing.agentsHelp', { best: <b>{t('routing.best')}</b> })}</p>
        </div>
      </div>
      <div className="card-body" style={{ padding: 0 }}>
        {error && <div className="banner danger" style={{ margin: 16 }}>{error}</div>}
        {agents && (
          <table className="table routing-table">
            <thead><tr><th>{t('routing.colAgent')}</th><th>{t('routing.colStatus')}</th><th>{t('routing.colSkills')}</th><th>{t('routing.colLoad')}</th>{editable && <th aria-label={t('common.actions')} />}</tr></thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id} data-agent={a.name}>
                  <td><b>{a.name}</b><div className="muted small" style={{ textTransform: 'capitalize' }}>{t(`shell.role.${a.role}`)}</div></td>
                  <td className="nowrap">
                    <span className={`chip ${statusText(a.status).tone}`}><span className="dot" />{statusText(a.status).title}</span>
                    <div className="muted small" style={{ marginTop: 4 }}>{sinceText(a.since)}</div>
                  </td>
                  <td>
                    <div className="chips">
                      {a.skills.length === 0 && <span className="muted small">{t('routing.agentNoSkills')}</span>}
                      {[...a.skills].sort((x, y) => x.proficiency - y.proficiency).map((s) => (
                        <span key={s.skillId} className="routing-chip" title={t('routing.skillChip', { skill: s.name, n: s.proficiency })}>{s.name} <b>{s.proficiency}</b></span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <div className="routing-kinds">
                      {CHANNEL_KINDS.map((k) => (
                        <span key={k} className={a.load[k] >= a.capacity[k] && a.capacity[k] > 0 ? 'full' : ''}>{kindText(k).title} {a.load[k]} / {a.capacity[k]}</span>
                      ))}
                    </div>
                  </td>
                  {editable && <td style={{ width: 70 }}><button className="btn btn-sm" onClick={() => setEditing(a)}>{t('common.edit')}</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && <AgentDialog agent={editing} skills={skills} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void load(); }} />}
    </section>
  );
}

function AgentDialog({ agent, skills, onClose, onSaved }: { agent: Agent; skills: Skill[]; onClose(): void; onSaved(): void }) {
  const ui = useUi();
  const [held, setHeld] = useState<Record<string, string>>(() => Object.fromEntries(agent.skills.map((s) => [s.skillId, String(s.proficiency)])));
  const [capacity, setCapacity] = useState<Record<ChannelKind, string>>(() => Object.fromEntries(CHANNEL_KINDS.map((k) => [k, String(agent.capacity[k])])) as Record<ChannelKind, string>);
  const [status, setStatus] = useState<AgentStatus>(agent.status);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const found: Record<string, string> = {};
    const list = Object.entries(held).map(([skillId, p]) => {
      const n = Number(p);
      if (!Number.isInteger(n) || n < 1 || n > 20) found[`skill.${skillId}`] = t('routing.proficiencyRange');
      return { skillId, proficiency: n };
    });
    const cap = {} as PerKind;
    for (const k of CHANNEL_KINDS) {
      const n = Number(capacity[k]);
      if (capacity[k].trim() === '' || !Number.isInteger(n) || n < 0) found[`capacity.${k}`] = t('routing.capacityError');
      cap[k] = n;
    }
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api(`/agents/${agent.id}/skills`, { method: 'PUT', json: { skills: list } });
      const after = await api<{ reroutedCases: number }>(`/agents/${agent.id}/status`, { method: 'PUT', json: { status, capacity: cap } });
      ui.toast(after.reroutedCases ? t('routing.agentSavedRerouted', { name: agent.name, n: after.reroutedCases }) : t('routing.agentSaved', { name: agent.name }));
      onSaved();
    } catch (e) {
      const err = e as ApiError;
      const at: Record<string, string> = {};
      for (const x of err.errors ?? []) at[x.path.startsWith('capacity.') ? x.path.split('.').slice(0, 2).join('.') : 'skills'] = x.message;
      setErrors(at);
      setError(err.message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('routing.agentTitle', { name: agent.name })} description={t('routing.agentHelp')} onClose={onClose} wide footer={<>
      <button className="btn" type="button" onClick={onClose}>{t('common.cancel')}</button>
      <button className="btn btn-primary" type="submit" form="agent-routing" disabled={busy}>{busy ? t('common.saving') : t('common.save')}</button>
    </>}>
      <form id="agent-routing" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className="field-label" style={{ marginBottom: 6 }}>{t('routing.skills')} <span className="optional">{t('routing.proficiencyHint')}</span></div>
        {skills.length === 0 && <p className="muted small">{t('routing.noSkillsYet')}</p>}
        <div className="routing-skill-rows" style={{ marginBottom: 16 }}>
          {skills.map((s) => {
            const on = s.id in held;
            const err = errors[`skill.${s.id}`];
            return (
              <div key={s.id} className={`row${err ? ' invalid' : ''}`}>
                <label className="check grow"><input type="checkbox" checked={on} onChange={(e) => setHeld((h) => { const next = { ...h }; if (e.target.checked) next[s.id] = '5'; else delete next[s.id]; return next; })} />{s.name}</label>
                {on && <>
                  <span className="muted small">{t('routing.proficiency')}</span>
                  <input className="input input-sm" type="number" min={1} max={20} aria-label={t('routing.proficiencyOf', { skill: s.name })} value={held[s.id]}
                    onChange={(e) => setHeld((h) => ({ ...h, [s.id]: e.target.value }))} />
                </>}
                {err && <span className="field-error">{err}</span>}
              </div>
            );
          })}
          {errors.skills && <span className="field-error">{errors.skills}</span>}
        </div>
        <div className="field-label" style={{ marginBottom: 6 }}>{t('routing.casesAtOnce')}</div>
        <div className="routing-capacity" style={{ marginBottom: 16 }}>
          {CHANNEL_KINDS.map((k) => (
            <div key={k} className={`field${errors[`capacity.${k}`] ? ' invalid' : ''}`} style={{ marginBottom: 0 }}>
              <label htmlFor={`cap-${k}`} title={kindText(k).help}>{kindText(k).title}</label>
              <input id={`cap-${k}`} className="input" type="number" min={0} value={capacity[k]} onChange={(e) => setCapacity((c) => ({ ...c, [k]: e.target.value }))} />
              <span className="help">{kindText(k).help}</span>
              {errors[`capacity.${k}`] && <span className="field-error">{errors[`capacity.${k}`]}</span>}
            </div>
          ))}
        </div>
        <div className="field" style={{ maxWidth: 360 }}>
          <label htmlFor="agent-status">{t('routing.colStatus')}</label>
          <select id="agent-status" className="select" value={status} onChange={(e) => setStatus(e.target.value as AgentStatus)}>
            <option value="available">{t('routing.statusAvailable')}</option>
            <option value="away">{t('routing.statusAway')}</option>
            <option value="offline">{t('routing.statusOffline')}</option>
          </select>
        </div>
      </form>
      {Object.keys(held).length === 0 && skills.length > 0 && <p className="help"><Icon name="alert" size={12} /> {t('routing.withoutSkills')}</p>}
    </Dialog>
  );
}
