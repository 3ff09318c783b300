// Settings → Routing → Queues: which cases each queue takes (filters), which wins (priority), whom
// it offers them to (skill, strategy), how long an offer waits, the wrap-up time, and the fallback.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog, useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import type { ChannelType } from './channel-types';
import {
  STRATEGY_TEXT, bodyFromForm, describeFilters, describeOffer, durationText, emptyQueueForm, fieldOfPath, formFromQueue, plainApiMessage,
  type FieldError, type Queue, type QueueField, type QueueForm, type Strategy,
} from './routing-queue-form';
import type { Skill } from './routing-types';

export function RoutingQueues({ editable, skills, types, version }: { editable: boolean; skills: Skill[]; types: Map<string, ChannelType>; version: number }) {
  const ui = useUi();
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);

  const load = () => api<{ items: Queue[] }>('/queues').then((r) => setQueues(r.items), (e) => setError((e as Error).message));
  useEffect(() => { void load(); }, [version]);

  const typeName = (t: string) => types.get(t)?.displayName ?? t;
  const skillName = (id: string | null) => (id ? skills.find((s) => s.id === id)?.name ?? 'a deleted skill' : null);
  const ordered = [...(queues ?? [])].sort((a, b) => Number(a.isFallback) - Number(b.isFallback) || b.priority - a.priority || a.name.localeCompare(b.name));

  const remove = async (q: Queue) => {
    const ok = await ui.confirm({ title: `Delete the queue ${q.name}?`, body: <p>New cases it would have taken go to the next matching queue, the fallback, or wait in the backlog. Cases already routed keep their agent.</p>, confirm: 'Delete queue', danger: true });
    if (!ok) return;
    try { await api(`/queues/${q.id}`, { method: 'DELETE' }); ui.toast(`Queue ${q.name} deleted`); void load(); } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  return (
    <section className="card" data-testid="routing-queues">
      <div className="card-head">
        <div className="grow">
          <h2>Routing: queues</h2>
          <p className="help">A new case goes to the highest-priority queue whose filters all match, else to the fallback queue; the queue offers it to an available agent with the skill. Without any queue, cases are not routed.</p>
        </div>
        {editable && <button className="btn btn-primary btn-sm" onClick={() => setEditing('new')}><Icon name="plus" />New queue</button>}
      </div>
      <div className="card-body" style={{ padding: 0 }}>
        {error && <div className="banner danger" style={{ margin: 16 }}>{error}</div>}
        {queues && queues.length === 0 && <p className="muted small" style={{ padding: 16 }}>No queues yet: cases wait, unassigned, for someone to take them.</p>}
        {queues && queues.length > 0 && (
          <table className="table routing-table">
            <thead><tr><th>Queue</th><th>Takes</th><th>Needs skill</th><th>Picks the agent</th><th>Timers</th>{editable && <th aria-label="Actions" />}</tr></thead>
            <tbody>
              {ordered.map((q) => (
                <tr key={q.id} data-queue={q.name}>
                  <td><b>{q.name}</b>
                    <div className="muted small">{q.isFallback ? <span className="chip accent">Fallback</span> : `Priority ${q.priority}`}</div></td>
                  <td className="small">{q.isFallback ? 'Cases no other queue takes' : describeFilters(q.filters, typeName)}</td>
                  <td className="small">{skillName(q.skillId) ?? <span className="muted">The channel’s default</span>}</td>
                  <td className="small">{STRATEGY_TEXT[q.strategy].title}</td>
                  <td className="small nowrap">{describeOffer(q.offerTimeoutMs)}<div className="muted">{q.wrapUpMs ? `${durationText(q.wrapUpMs)} wrap-up` : 'No wrap-up'}</div></td>
                  {editable && (
                    <td className="nowrap" style={{ width: 100 }}>
                      <button className="btn btn-sm" onClick={() => setEditing(q)}>Edit</button>{' '}
                      <button className="btn btn-ghost btn-sm btn-icon" aria-label={`Delete ${q.name}`} onClick={() => void remove(q)}><Icon name="trash" /></button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && <QueueDialog queue={editing === 'new' ? null : editing} skills={skills} types={types} onClose={() => setEditing(null)}
        onSaved={(q) => { setEditing(null); ui.toast(`Queue ${q.name} saved`); void load(); }} />}
    </section>
  );
}

function QueueDialog({ queue, skills, types, onClose, onSaved }: { queue: Queue | null; skills: Skill[]; types: Map<string, ChannelType>; onClose(): void; onSaved(q: Queue): void }) {
  const [form, setForm] = useState<QueueForm>(() => (queue ? formFromQueue(queue) : emptyQueueForm()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<QueueForm>) => setForm((f) => ({ ...f, ...patch }));
  const errorAt = (field: QueueField) => errors.filter((e) => e.field === field).map((e) => e.message).join(' ');
  const general = errors.filter((e) => e.field === null).map((e) => e.message).join(' ');
  const typeList = [...types.values()].filter((t) => t.connectable || form.channelTypes.includes(t.type)).sort((a, b) => a.displayName.localeCompare(b.displayName));

  const save = async () => {
    const built = bodyFromForm(form);
    if (!built.body) { setErrors(built.errors); return; }
    setBusy(true);
    setErrors([]);
    try {
      const saved = queue
        ? await api<Queue>(`/queues/${queue.id}`, { method: 'PATCH', json: built.body })
        : await api<Queue>('/queues', { json: built.body });
      onSaved(saved);
    } catch (e) {
      const err = e as ApiError;
      const fieldErrors = (err.errors ?? []).map((x) => { const field = fieldOfPath(x.path); return { field, message: plainApiMessage(field, x.message) }; });
      // A conflict names its field but says why in the message ("Billing is already the fallback queue").
      setErrors(err.status === 409 ? fieldErrors.map((x) => ({ ...x, message: err.message })) : fieldErrors.length ? fieldErrors : [{ field: null, message: err.message }]);
      setBusy(false);
    }
  };

  const field = (name: QueueField) => `field${errorAt(name) ? ' invalid' : ''}`;
  const fieldError = (name: QueueField) => errorAt(name) && <span className="field-error" role="alert">{errorAt(name)}</span>;

  return (
    <Dialog title={queue ? `Edit queue ${queue.name}` : 'New queue'} onClose={onClose} wide footer={<>
      <button className="btn" type="button" onClick={onClose}>Cancel</button>
      <button className="btn btn-primary" type="submit" form="queue-form" disabled={busy}>{busy ? 'Saving…' : queue ? 'Save queue' : 'Create queue'}</button>
    </>}>
      <form id="queue-form" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {general && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{general}</div>}
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className={`${field('name')} grow`}>
            <label htmlFor="queue-name">Name</label>
            <input id="queue-name" className="input" value={form.name} maxLength={100} placeholder="e.g. Billing" onChange={(e) => set({ name: e.target.value })} />
            {fieldError('name')}
          </div>
          <div className={field('priority')} style={{ width: 130 }}>
            <label htmlFor="queue-priority">Priority</label>
            <input id="queue-priority" className="input" type="number" value={form.priority} disabled={form.isFallback} onChange={(e) => set({ priority: e.target.value })} />
            {fieldError('priority')}
          </div>
        </div>
        <label className="check" style={{ marginBottom: 14 }}>
          <input type="checkbox" checked={form.isFallback} onChange={(e) => set({ isFallback: e.target.checked })} />
          Fallback queue: takes the cases no other queue matches (one per account)
        </label>
        {errorAt('isFallback') && <p className="field-error" role="alert" style={{ marginTop: -8, marginBottom: 12 }}>{errorAt('isFallback')}</p>}

        {!form.isFallback && (
          <fieldset className="routing-filters" style={{ border: 0, padding: 0, margin: '0 0 4px' }}>
            <legend className="field-label" style={{ marginBottom: 6 }}>Takes cases that match all of these <span className="optional">leave empty for any</span></legend>
            <div className={field('channelTypes')}>
              <span className="help">Channel</span>
              <div className="routing-type-picks" role="group" aria-label="Channel types">
                {typeList.map((t) => {
                  const on = form.channelTypes.includes(t.type);
                  return (
                    <label key={t.type} className={on ? 'on' : ''}>
                      <input type="checkbox" checked={on} onChange={() => set({ channelTypes: on ? form.channelTypes.filter((x) => x !== t.type) : [...form.channelTypes, t.type] })} />
                      {on && <Icon name="check" size={12} />}{t.displayName}
                    </label>
                  );
                })}
              </div>
              {form.channelIds.length > 0 && <span className="help">Also limited to {form.channelIds.length} chosen channel{form.channelIds.length === 1 ? '' : 's'} (set through the API).</span>}
              {fieldError('channelTypes')}
            </div>
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className={`${field('tags')} grow`}>
                <label htmlFor="queue-tags">Tagged with any of</label>
                <input id="queue-tags" className="input" value={form.tags} placeholder="vip, refund" onChange={(e) => set({ tags: e.target.value })} />
                {fieldError('tags')}
              </div>
              <div className={`${field('words')} grow`}>
                <label htmlFor="queue-words">The customer’s message mentions any of</label>
                <input id="queue-words" className="input" value={form.words} placeholder="invoice, charged twice" onChange={(e) => set({ words: e.target.value })} />
                {fieldError('words')}
              </div>
            </div>
            <div className={field('customFields')}>
              <span className="help">Custom field equals</span>
              {form.customFields.map((row, i) => (
                <div key={i} className="row" style={{ marginBottom: 6 }}>
                  <input className="input" aria-label={`Custom field ${i + 1} name`} placeholder="Field, e.g. plan" value={row.field}
                    onChange={(e) => set({ customFields: form.customFields.map((r, j) => (j === i ? { ...r, field: e.target.value } : r)) })} />
                  <span className="muted">=</span>
                  <input className="input" aria-label={`Custom field ${i + 1} value`} placeholder="Value, e.g. enterprise" value={row.value}
                    onChange={(e) => set({ customFields: form.customFields.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })} />
                  <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove custom field ${i + 1}`} onClick={() => set({ customFields: form.customFields.filter((_, j) => j !== i) })}><Icon name="x" /></button>
                </div>
              ))}
              <div><button type="button" className="btn-link small" onClick={() => set({ customFields: [...form.customFields, { field: '', value: '' }] })}>+ custom field</button></div>
              {fieldError('customFields')}
            </div>
          </fieldset>
        )}

        <div className={field('skillId')} style={{ maxWidth: 360 }}>
          <label htmlFor="queue-skill">Agents need the skill</label>
          <select id="queue-skill" className="select" value={form.skillId} onChange={(e) => set({ skillId: e.target.value })}>
            <option value="">The case’s own (its channel’s default)</option>
            {skills.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
          {fieldError('skillId')}
        </div>
        <div className={field('strategy')}>
          <span className="field-label">Picks the agent</span>
          <div className="routing-strategies" role="radiogroup" aria-label="Strategy">
            {(Object.keys(STRATEGY_TEXT) as Strategy[]).map((s) => (
              <label key={s} className={form.strategy === s ? 'on' : ''}>
                <input type="radio" name="strategy" value={s} checked={form.strategy === s} onChange={() => set({ strategy: s })} />
                <span><b>{STRATEGY_TEXT[s].title}</b><br /><span className="help">{STRATEGY_TEXT[s].help}</span></span>
              </label>
            ))}
          </div>
          <span className="help">Either way, the best proficiency in the skill comes first.</span>
        </div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className={`${field('offerTimeout')} grow`}>
            <label htmlFor="queue-offer">Offer waits for the agent to accept</label>
            <div className="row">
              <input id="queue-offer" className="input" type="number" min={1} style={{ width: 110 }} value={form.offerTimeoutSeconds} disabled={form.assignAtOnce}
                onChange={(e) => set({ offerTimeoutSeconds: e.target.value })} aria-describedby="queue-offer-help" />
              <span className="muted small">seconds</span>
              <label className="check small"><input type="checkbox" checked={form.assignAtOnce} onChange={(e) => set({ assignAtOnce: e.target.checked })} />Assign at once</label>
            </div>
            <span className="help" id="queue-offer-help">{form.assignAtOnce ? 'The agent gets the case without accepting it.' : 'Not accepted by then, it goes to the next agent.'}</span>
            {fieldError('offerTimeout')}
          </div>
          <div className={field('wrapUp')} style={{ width: 220 }}>
            <label htmlFor="queue-wrapup">Wrap-up time</label>
            <div className="row">
              <input id="queue-wrapup" className="input" type="number" min={0} style={{ width: 110 }} value={form.wrapUpSeconds} onChange={(e) => set({ wrapUpSeconds: e.target.value })} />
              <span className="muted small">seconds</span>
            </div>
            <span className="help">After a case closes, before the agent gets another.</span>
            {fieldError('wrapUp')}
          </div>
        </div>
      </form>
    </Dialog>
  );
}
