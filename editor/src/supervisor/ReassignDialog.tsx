// Move one case from the supervisor view: to an agent (POST /cases/{id}/assign, or /transfer when
// someone holds it, so the timeline says "Transferred from …"), or to a skill or a queue with a
// note (POST /cases/{id}/transfer: routed again among that skill's or queue's agents).
import { useState } from 'react';
import { api } from '../api/client';
import { Dialog } from '../ui/dialog';
import { s } from './strings';
import type { Queue, RoutingAgent, Skill } from './types';

export interface ReassignTarget { caseId: string; who: string; now: string; assigneeId: string | null }
type Mode = 'agent' | 'skill' | 'queue';

export function ReassignDialog({ target, agents, skills, queues, onDone, onClose }: {
  target: ReassignTarget; agents: RoutingAgent[]; skills: Skill[]; queues: Queue[];
  onDone: (message: string) => void; onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('agent');
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = mode === 'agent'
    ? agents.filter((a) => a.id !== target.assigneeId).map((a) => ({ id: a.id, label: `${a.name} — ${s(`st.${a.status}`)}` }))
    : mode === 'skill' ? skills.map((k) => ({ id: k.id, label: k.name })) : queues.map((q) => ({ id: q.id, label: q.name }));
  const label = mode === 'agent' ? s('pickAgent') : mode === 'skill' ? s('pickSkill') : s('pickQueue');
  const byAssign = mode === 'agent' && !target.assigneeId;

  const submit = async () => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    const path = `/cases/${encodeURIComponent(target.caseId)}/${byAssign ? 'assign' : 'transfer'}`;
    const body = { [`${mode}Id`]: choice, ...(note.trim() ? { note: note.trim() } : {}) };
    try {
      await api(path, { method: 'POST', json: body });
      const agent = agents.find((a) => a.id === choice);
      onDone(mode === 'agent' ? s('assignedTo', { who: target.who, agent: agent?.name ?? '' }) : s('transferred', { who: target.who }));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={s('reassignCase', { who: target.who })} description={s('reassignLead', { now: target.now })} onClose={onClose} labelledBy="reassign-title"
      footer={<>
        <button className="btn" onClick={onClose}>{s('cancel')}</button>
        <button className="btn btn-primary" data-testid="reassign-submit" disabled={!choice || busy} onClick={() => void submit()}>{byAssign ? s('assign') : s('transfer')}</button>
      </>}>
      <fieldset className="reassign-modes">
        <legend className="field-label">{s('to')}</legend>
        {(['agent', 'skill', 'queue'] as Mode[]).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="reassign-mode" value={m} checked={mode === m} onChange={() => { setMode(m); setChoice(''); }} />
            {m === 'agent' ? s('toAgent') : m === 'skill' ? s('toSkill') : s('toQueue')}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="reassign-target">{label}</label>
        <select id="reassign-target" className="select" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{s('choose')}</option>
          {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="reassign-note">{s('note')}</label>
        <textarea id="reassign-note" className="textarea" rows={2} maxLength={2000} placeholder={s('notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {error && <div className="banner danger" role="alert">{error}</div>}
    </Dialog>
  );
}
