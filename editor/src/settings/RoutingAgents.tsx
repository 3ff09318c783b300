// Settings → Routing → Agents: each person's status, skills with proficiency (1 best, 20 weakest),
// how many cases they take at once per channel kind, and what they hold now. Admins edit skills,
// capacity and status in a dialog.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog, useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { CHANNEL_KINDS, KIND_TEXT, STATUS_TEXT, sinceText, type Agent, type AgentStatus, type ChannelKind, type PerKind, type Skill } from './routing-types';

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
          <h2>Routing: agents</h2>
          <p className="help">Who takes which work. Proficiency goes from <b>1 (best)</b> to 20: routing offers a case to the best proficiency first. Capacity is how many cases of each kind an agent holds at once.</p>
        </div>
      </div>
      <div className="card-body" style={{ padding: 0 }}>
        {error && <div className="banner danger" style={{ margin: 16 }}>{error}</div>}
        {agents && (
          <table className="table routing-table">
            <thead><tr><th>Agent</th><th>Status</th><th>Skills · proficiency</th><th>Holding / at most</th>{editable && <th aria-label="Actions" />}</tr></thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id} data-agent={a.name}>
                  <td><b>{a.name}</b><div className="muted small" style={{ textTransform: 'capitalize' }}>{a.role}</div></td>
                  <td className="nowrap">
                    <span className={`chip ${STATUS_TEXT[a.status].tone}`}><span className="dot" />{STATUS_TEXT[a.status].title}</span>
                    <div className="muted small" style={{ marginTop: 4 }}>{sinceText(a.since)}</div>
                  </td>
                  <td>
                    <div className="chips">
                      {a.skills.length === 0 && <span className="muted small">No skills: only cases that need none</span>}
                      {[...a.skills].sort((x, y) => x.proficiency - y.proficiency).map((s) => (
                        <span key={s.skillId} className="routing-chip" title={`${s.name}: proficiency ${s.proficiency} (1 is best)`}>{s.name} <b>{s.proficiency}</b></span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <div className="routing-kinds">
                      {CHANNEL_KINDS.map((k) => (
                        <span key={k} className={a.load[k] >= a.capacity[k] && a.capacity[k] > 0 ? 'full' : ''}>{KIND_TEXT[k].title} {a.load[k]} / {a.capacity[k]}</span>
                      ))}
                    </div>
                  </td>
                  {editable && <td style={{ width: 70 }}><button className="btn btn-sm" onClick={() => setEditing(a)}>Edit</button></td>}
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
      if (!Number.isInteger(n) || n < 1 || n > 20) found[`skill.${skillId}`] = 'From 1 (best) to 20.';
      return { skillId, proficiency: n };
    });
    const cap = {} as PerKind;
    for (const k of CHANNEL_KINDS) {
      const n = Number(capacity[k]);
      if (capacity[k].trim() === '' || !Number.isInteger(n) || n < 0) found[`capacity.${k}`] = 'A whole number, 0 or more.';
      cap[k] = n;
    }
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api(`/agents/${agent.id}/skills`, { method: 'PUT', json: { skills: list } });
      const after = await api<{ reroutedCases: number }>(`/agents/${agent.id}/status`, { method: 'PUT', json: { status, capacity: cap } });
      ui.toast(after.reroutedCases ? `${agent.name} saved; ${after.reroutedCases} of their cases went to others` : `${agent.name} saved`);
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
    <Dialog title={`Routing for ${agent.name}`} description="Skills decide which cases routing offers them; capacity how many they hold at once." onClose={onClose} wide footer={<>
      <button className="btn" type="button" onClick={onClose}>Cancel</button>
      <button className="btn btn-primary" type="submit" form="agent-routing" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
    </>}>
      <form id="agent-routing" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className="field-label" style={{ marginBottom: 6 }}>Skills <span className="optional">proficiency 1 (best) to 20</span></div>
        {skills.length === 0 && <p className="muted small">No skills yet: add them under Routing: skills.</p>}
        <div className="routing-skill-rows" style={{ marginBottom: 16 }}>
          {skills.map((s) => {
            const on = s.id in held;
            const err = errors[`skill.${s.id}`];
            return (
              <div key={s.id} className={`row${err ? ' invalid' : ''}`}>
                <label className="check grow"><input type="checkbox" checked={on} onChange={(e) => setHeld((h) => { const next = { ...h }; if (e.target.checked) next[s.id] = '5'; else delete next[s.id]; return next; })} />{s.name}</label>
                {on && <>
                  <span className="muted small">proficiency</span>
                  <input className="input input-sm" type="number" min={1} max={20} aria-label={`${s.name} proficiency (1 best, 20 weakest)`} value={held[s.id]}
                    onChange={(e) => setHeld((h) => ({ ...h, [s.id]: e.target.value }))} />
                </>}
                {err && <span className="field-error">{err}</span>}
              </div>
            );
          })}
          {errors.skills && <span className="field-error">{errors.skills}</span>}
        </div>
        <div className="field-label" style={{ marginBottom: 6 }}>Cases at once</div>
        <div className="routing-capacity" style={{ marginBottom: 16 }}>
          {CHANNEL_KINDS.map((k) => (
            <div key={k} className={`field${errors[`capacity.${k}`] ? ' invalid' : ''}`} style={{ marginBottom: 0 }}>
              <label htmlFor={`cap-${k}`} title={KIND_TEXT[k].help}>{KIND_TEXT[k].title}</label>
              <input id={`cap-${k}`} className="input" type="number" min={0} value={capacity[k]} onChange={(e) => setCapacity((c) => ({ ...c, [k]: e.target.value }))} />
              <span className="help">{KIND_TEXT[k].help}</span>
              {errors[`capacity.${k}`] && <span className="field-error">{errors[`capacity.${k}`]}</span>}
            </div>
          ))}
        </div>
        <div className="field" style={{ maxWidth: 360 }}>
          <label htmlFor="agent-status">Status</label>
          <select id="agent-status" className="select" value={status} onChange={(e) => setStatus(e.target.value as AgentStatus)}>
            <option value="available">Available: takes new cases</option>
            <option value="away">Away: keeps their cases, takes no new ones</option>
            <option value="offline">Offline: their cases go to others</option>
          </select>
        </div>
      </form>
      {Object.keys(held).length === 0 && skills.length > 0 && <p className="help"><Icon name="alert" size={12} /> Without skills, routing offers them only cases that need no skill.</p>}
    </Dialog>
  );
}
