// Move one case from the supervisor view: to an agent (POST /cases/{id}/assign, or /transfer when
// someone holds it, so the timeline says "Transferred from …"), or to a skill or a queue with a
// note (POST /cases/{id}/transfer: routed again among that skill's or queue's agents).
import { useState } from 'react';
import { api } from '../api/client';
import { Dialog } from '../ui/dialog';
import { t } from '../i18n';
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
    ? agents.filter((a) => a.id !== target.assigneeId).map((a) => ({ id: a.id, label: `${a.name} — ${t(`supervisor.st.${a.status}`)}` }))
    : mode === 'skill' ? skills.map((k) => ({ id: k.id, label: k.name })) : queues.map((q) => ({ id: q.id, label: q.name }));
  const label = mode === 'agent' ? t('supervisor.pickAgent') : mode === 'skill' ? t('supervisor.pickSkill') : t('supervisor.pickQueue');
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
      onDone(mode === 'agent' ? t('supervisor.assignedTo', { who: target.who, agent: agent?.name ?? '' }) : t('supervisor.transferred', { who: target.who }));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('supervisor.reassignCase', { who: target.who })} description={t('supervisor.reassignLead', { now: target.now })} onClose={onClose} labelledBy="reassign-title"
      footer={<>
        <button className="btn" onClick={onClose}>{t('supervisor.cancel')}</button>
        <button className="btn btn-primary" data-testid="reassign-submit" disabled={!choice || busy} onClick={() => void submit()}>{byAssign ? t('supervisor.assign') : t('supervisor.transfer')}</button>
      </>}>
      <fieldset className="reassign-modes">
        <legend className="field-label">{t('supervisor.to')}</legend>
        {(['agent', 'skill', 'queue'] as Mode[]).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="reassign-mode" value={m} checked={mode === m} onChange={() => { setMode(m); setChoice(''); }} />
            {m === 'agent' ? t('supervisor.toAgent') : m === 'skill' ? t('supervisor.toSkill') : t('supervisor.toQueue')}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="reassign-target">{label}</label>
        <select id="reassign-target" className="select" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t('supervisor.choose')}</option>
          {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="reassign-note">{t('supervisor.note')}</label>
        <textarea id="reassign-note" className="textarea" rows={2} maxLength={2000} placeholder={t('supervisor.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {error && <div className="banner danger" role="alert">{error}</div>}
    </Dialog>
  );
}
