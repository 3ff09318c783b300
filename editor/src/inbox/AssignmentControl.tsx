// The case header's assignment (issue #10): who holds the case, or that it is offered ("Offered to
// Ana — 42 s left") or waiting in a queue; and a menu: Assign to me, Assign to… (agents with status
// and load), Transfer to a skill, a queue or an agent with a note, Unassign. Reads GET
// /cases/{id}/routing again whenever the case changes (the live stream bumps `version`).
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import { useSession } from '../shell/session';
import { Dialog, useUi } from '../ui/dialog';
import { t, type StringKey } from '../i18n';
import { assignmentLine, type CaseRouting } from './assignment-text';
import type { User } from './types';
import './assignment.css';

interface Agent { id: string; name: string; role: string; status: 'available' | 'away' | 'offline'; activeCases: number; skills: { name: string; proficiency: number }[] }
interface Named { id: string; name: string }

interface Props {
  caseId: string;
  assigneeId: string | null;
  closed: boolean;
  version: number;
  users: User[];
  /** After a move: the case view reads the case again. */
  onMoved(): void;
}

export function AssignmentControl({ caseId, assigneeId, closed, version, users, onMoved }: Props) {
  const ui = useUi();
  const { me } = useSession();
  const myId = me?.user?.id ?? null;
  const lead = me?.role === 'admin' || me?.role === 'supervisor';
  const [routing, setRouting] = useState<CaseRouting | null>(null);
  const [queues, setQueues] = useState<Named[]>([]);
  const [now, setNow] = useState(Date.now());
  const [menu, setMenu] = useState(false);
  const [dialog, setDialog] = useState<'assign' | 'transfer' | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    api<CaseRouting>(`/cases/${caseId}/routing`).then((r) => { if (live) setRouting(r); }, () => {});
    return () => { live = false; };
  }, [caseId, version, assigneeId]);
  useEffect(() => { if (lead) api<{ items: Named[] }>('/queues').then((r) => setQueues(r.items), () => {}); }, [lead]);

  const offered = routing?.assignment?.state === 'offered' && routing.state === 'assigned';
  // The countdown ticks each second while an offer waits; the waiting time every 15 s.
  useEffect(() => {
    if (!offered && routing?.state !== 'waiting') return;
    const timer = setInterval(() => setNow(Date.now()), offered ? 1000 : 15_000);
    return () => clearInterval(timer);
  }, [offered, routing?.state]);
  // An expired offer moves on inside the workflow: look again shortly after it should have.
  useEffect(() => {
    const expires = offered && routing?.assignment?.offerExpiresAt ? Date.parse(routing.assignment.offerExpiresAt) : null;
    if (!expires) return;
    const timer = setTimeout(() => api<CaseRouting>(`/cases/${caseId}/routing`).then(setRouting, () => {}), Math.max(0, expires - Date.now()) + 1500);
    return () => clearTimeout(timer);
  }, [offered, routing?.assignment?.offerExpiresAt, caseId]);

  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menuRef.current?.contains(e.target as Node)) setMenu(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => { window.removeEventListener('mousedown', close); window.removeEventListener('keydown', close); };
  }, [menu]);

  const name = (id: string) => (id === myId ? me?.user?.name ?? null : users.find((u) => u.id === id)?.name ?? null);
  const line = assignmentLine(routing, assigneeId, name, (id) => queues.find((q) => q.id === id)?.name ?? null, now);

  const move = async (path: string, body: unknown, done: string | null) => {
    setMenu(false);
    try {
      await api(`/cases/${caseId}/${path}`, { json: body ?? {} });
      // Taking a case shows in place; other moves say what happened.
      if (done) ui.toast(done);
      setRouting(await api<CaseRouting>(`/cases/${caseId}/routing`).catch(() => null));
      onMoved();
    } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  const mine = assigneeId !== null && assigneeId === myId;
  const canTake = myId !== null && !mine && (lead || assigneeId === null);
  const canMove = lead || mine;
  const offeredToMe = offered && routing?.assignment?.agentId === myId;

  return (
    <div className={`assign-control tone-${line.tone}`} data-slot="assignment" role="group" aria-label={t('assign.menuLabel')} ref={menuRef}>
      <span className="muted">{t('assign.assignee')}:</span>
      <strong data-testid="assignee" title={line.detail ?? undefined}>{line.text}</strong>
      {line.detail && <span className="muted small">({line.detail})</span>}
      {offeredToMe && !closed && <button className="btn btn-sm btn-primary" onClick={() => void move('accept', {}, null)}>{t('assign.accept')}</button>}
      {/* The common move, one click away on an unassigned case. */}
      {!closed && canTake && assigneeId === null && !offeredToMe && (
        <button className="btn btn-sm btn-link" onClick={() => void move('assign', { agentId: myId }, null)}>{t('assign.assignToMe')}</button>
      )}
      {!closed && (canTake || canMove) && (
        <div className="assign-menu-wrap">
          <button className="btn btn-sm" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu((m) => !m)} data-testid="assign-menu">{t('assign.menu')} ▾</button>
          {menu && (
            <div className="assign-menu" role="menu">
              {canTake && <button role="menuitem" onClick={() => void move('assign', { agentId: myId }, null)}>{t('assign.assignToMe')}</button>}
              {lead && <button role="menuitem" onClick={() => { setMenu(false); setDialog('assign'); }}>{t('assign.assignTo')}</button>}
              {canMove && <button role="menuitem" onClick={() => { setMenu(false); setDialog('transfer'); }}>{t('assign.transfer')}</button>}
              {canMove && assigneeId && <button role="menuitem" onClick={() => void move('unassign', {}, t('assign.unassigned'))}>{t('assign.unassign')}</button>}
            </div>
          )}
        </div>
      )}
      {dialog === 'assign' && <AssignDialog current={assigneeId} onClose={() => setDialog(null)}
        onPick={(a) => { setDialog(null); void move('assign', { agentId: a.id }, t('assign.assignedTo', { name: a.name })); }} />}
      {dialog === 'transfer' && <TransferDialog caseId={caseId} lead={lead} queues={queues} exclude={assigneeId} onClose={() => setDialog(null)}
        onDone={() => { setDialog(null); ui.toast(t('assign.transferred')); void api<CaseRouting>(`/cases/${caseId}/routing`).then(setRouting, () => {}); onMoved(); }} />}
    </div>
  );
}

const statusKey = (s: Agent['status']) => `assign.status.${s}` as StringKey;

function AssignDialog({ current, onClose, onPick }: { current: string | null; onClose(): void; onPick(a: Agent): void }) {
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  useEffect(() => { api<{ items: Agent[] }>('/agents').then((r) => setAgents(r.items), (e) => setError((e as Error).message)); }, []);
  const order = { available: 0, away: 1, offline: 2 };
  const shown = (agents ?? []).filter((a) => a.id !== current && a.name.toLowerCase().includes(q.trim().toLowerCase()))
    .sort((a, b) => order[a.status] - order[b.status] || a.activeCases - b.activeCases || a.name.localeCompare(b.name));
  return (
    <Dialog title={t('assign.assignTitle')} description={t('assign.assignHint')} onClose={onClose} footer={<button className="btn" onClick={onClose}>{t('assign.cancel')}</button>}>
      {error && <div className="banner danger" role="alert">{error}</div>}
      <input className="input" type="search" aria-label={t('assign.searchAgents')} placeholder={t('assign.searchAgents')} value={q} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 10 }} />
      <ul className="assign-agents" role="listbox" aria-label={t('assign.agent')}>
        {shown.map((a) => (
          <li key={a.id}>
            <button type="button" role="option" aria-selected={false} onClick={() => onPick(a)} data-agent={a.name}>
              <span className={`presence presence-${a.status}`} aria-hidden="true" />
              <span className="grow"><b>{a.name}</b><span className="muted small"> · {a.skills.map((s) => s.name).join(', ') || a.role}</span></span>
              <span className="muted small">{t(statusKey(a.status))} · {t('assign.loadText', { n: a.activeCases })}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

function TransferDialog({ caseId, lead, queues, exclude, onClose, onDone }: {
  caseId: string; lead: boolean; queues: Named[]; exclude: string | null; onClose(): void; onDone(): void;
}) {
  const [to, setTo] = useState<'skill' | 'queue' | 'agent'>('skill');
  const [skills, setSkills] = useState<Named[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ items: Named[] }>('/skills').then((r) => setSkills(r.items), () => {});
    if (lead) api<{ items: Agent[] }>('/agents').then((r) => setAgents(r.items.filter((a) => a.id !== exclude)), () => {});
  }, [lead, exclude]);
  const options = to === 'skill' ? skills : to === 'queue' ? queues : agents;
  const errorAt = (path: string) => errors.filter((e) => e.path === path).map((e) => e.message).join(' ');

  const submit = async () => {
    setBusy(true);
    setError(null);
    setErrors([]);
    try {
      await api(`/cases/${caseId}/transfer`, { json: { [`${to}Id`]: target, ...(note.trim() ? { note: note.trim() } : {}) } });
      onDone();
    } catch (e) {
      const err = e as ApiError;
      setErrors(err.errors ?? []);
      if (!(err.errors ?? []).some((x) => x.path === 'note' || x.path === `${to}Id`)) setError(err.message);
      setBusy(false);
    }
  };

  type Kind = ['skill' | 'queue' | 'agent', StringKey];
  const kinds: Kind[] = lead ? [['skill', 'assign.toSkill'], ['queue', 'assign.toQueue'], ['agent', 'assign.toAgent']] : [['skill', 'assign.toSkill']];
  return (
    <Dialog title={t('assign.transferTitle')} description={t('assign.transferHint')} onClose={onClose} footer={<>
      <button className="btn" type="button" onClick={onClose}>{t('assign.cancel')}</button>
      <button className="btn btn-primary" type="submit" form="transfer-form" disabled={busy || !target}>{t('assign.transferButton')}</button>
    </>}>
      <form id="transfer-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className="seg" role="radiogroup" aria-label={t('assign.transfer')} style={{ marginBottom: 12 }}>
          {kinds.map(([k, label]) => (
            <button key={k} type="button" role="radio" aria-checked={to === k} className={to === k ? 'on' : ''} onClick={() => { setTo(k); setTarget(''); }}>{t(label)}</button>
          ))}
        </div>
        <div className={`field${errorAt(`${to}Id`) ? ' invalid' : ''}`}>
          <label htmlFor="transfer-target">{t(`assign.${to}`)}</label>
          <select id="transfer-target" className="select" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="" disabled>{t('assign.pick')}</option>
            {options.map((o) => <option key={o.id} value={o.id}>{o.name}{'status' in o ? ` — ${t(statusKey((o as Agent).status))}, ${t('assign.loadText', { n: (o as Agent).activeCases })}` : ''}</option>)}
          </select>
          {errorAt(`${to}Id`) && <span className="field-error">{errorAt(`${to}Id`)}</span>}
        </div>
        <div className={`field${errorAt('note') ? ' invalid' : ''}`}>
          <label htmlFor="transfer-note">{t('assign.note')}</label>
          <textarea id="transfer-note" className="textarea" value={note} maxLength={2000} placeholder={t('assign.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
          {errorAt('note') && <span className="field-error">{errorAt('note')}</span>}
        </div>
      </form>
    </Dialog>
  );
}
