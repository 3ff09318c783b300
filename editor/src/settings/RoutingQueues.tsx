// Settings → Routing → Queues: which cases each queue takes (filters), which wins (priority), whom
// it offers them to (skill, strategy), how long an offer waits, the wrap-up time, and the fallback.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { t } from '../i18n';
import { Dialog, useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import type { ChannelType } from './channel-types';
import {
  STRATEGIES, bodyFromForm, chosenChannels, describeFilters, describeOffer, durationText, emptyQueueForm, fieldOfPath, formFromQueue, plainApiMessage, strategyText,
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

  const typeName = (type: string) => types.get(type)?.displayName ?? type;
  const skillName = (id: string | null) => (id ? skills.find((s) => s.id === id)?.name ?? t('routing.deletedSkill') : null);
  const ordered = [...(queues ?? [])].sort((a, b) => Number(a.isFallback) - Number(b.isFallback) || b.priority - a.priority || a.name.localeCompare(b.name));

  const remove = async (q: Queue) => {
    const ok = await ui.confirm({ title: t('routing.deleteQueueTitle', { name: q.name }), body: <p>{t('routing.deleteQueueBody')}</p>, confirm: t('routing.deleteQueue'), danger: true });
    if (!ok) return;
    try { await api(`/queues/${q.id}`, { method: 'DELETE' }); ui.toast(t('routing.queueDeleted', { name: q.name })); void load(); } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  return (
    <section className="card" data-testid="routing-queues">
      <div className="card-head">
        <div className="grow">
          <h2>{t('routing.queuesTitle')}</h2>
          <p className="help">{t('routing.queuesHelp')}</p>
        </div>
        {editable && <button className="btn btn-primary btn-sm" onClick={() => setEditing('new')}><Icon name="plus" />{t('routing.newQueue')}</button>}
      </div>
      <div className="card-body" style={{ padding: 0 }}>
        {error && <div className="banner danger" style={{ margin: 16 }}>{error}</div>}
        {queues && queues.length === 0 && <p className="muted small" style={{ padding: 16 }}>{t('routing.noQueues')}</p>}
        {queues && queues.length > 0 && (
          <table className="table routing-table">
            <thead><tr><th>{t('routing.colQueue')}</th><th>{t('routing.colTakes')}</th><th>{t('routing.colSkill')}</th><th>{t('routing.colStrategy')}</th><th>{t('routing.colTimers')}</th>{editable && <th aria-label={t('common.actions')} />}</tr></thead>
            <tbody>
              {ordered.map((q) => (
                <tr key={q.id} data-queue={q.name}>
                  <td><b>{q.name}</b>
                    <div className="muted small nowrap">{q.isFallback ? <span className="chip accent">{t('routing.fallback')}</span> : t('routing.priorityN', { n: q.priority })}</div></td>
                  <td className="small">{q.isFallback ? t('routing.fallbackTakes') : describeFilters(q.filters, typeName)}</td>
                  <td className="small">{skillName(q.skillId) ?? <span className="muted">{t('routing.channelDefault')}</span>}</td>
                  <td className="small">{strategyText(q.strategy).title}</td>
                  <td className="small nowrap">{describeOffer(q.offerTimeoutMs)}<div className="muted">{q.wrapUpMs ? t('routing.wrapUpOf', { time: durationText(q.wrapUpMs) }) : t('routing.noWrapUp')}</div></td>
                  {editable && (
                    <td className="nowrap" style={{ width: 100 }}>
                      <button className="btn btn-sm" onClick={() => setEditing(q)}>{t('common.edit')}</button>{' '}
                      <button className="btn btn-ghost btn-sm btn-icon" aria-label={t('common.deleteNamed', { name: q.name })} onClick={() => void remove(q)}><Icon name="trash" /></button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && <QueueDialog queue={editing === 'new' ? null : editing} skills={skills} types={types} onClose={() => setEditing(null)}
        onSaved={(q) => { setEditing(null); ui.toast(t('routing.queueSaved', { name: q.name })); void load(); }} />}
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
  const typeList = [...types.values()].filter((type) => type.connectable || form.channelTypes.includes(type.type)).sort((a, b) => a.displayName.localeCompare(b.displayName));

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
    <Dialog title={queue ? t('routing.editQueue', { name: queue.name }) : t('routing.newQueue')} onClose={onClose} wide footer={<>
      <button className="btn" type="button" onClick={onClose}>{t('common.cancel')}</button>
      <button className="btn btn-primary" type="submit" form="queue-form" disabled={busy}>{busy ? t('common.saving') : queue ? t('routing.saveQueue') : t('routing.createQueue')}</button>
    </>}>
      <form id="queue-form" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        {general && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{general}</div>}
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className={`${field('name')} grow`}>
            <label htmlFor="queue-name">{t('common.name')}</label>
            <input id="queue-name" className="input" value={form.name} maxLength={100} placeholder={t('routing.namePlaceholder')} onChange={(e) => set({ name: e.target.value })} />
            {fieldError('name')}
          </div>
          <div className={field('priority')} style={{ width: 130 }}>
            <label htmlFor="queue-priority">{t('routing.priority')}</label>
            <input id="queue-priority" className="input" type="number" value={form.priority} disabled={form.isFallback} onChange={(e) => set({ priority: e.target.value })} />
            {fieldError('priority')}
          </div>
        </div>
        <label className="check" style={{ marginBottom: 14 }}>
          <input type="checkbox" checked={form.isFallback} onChange={(e) => set({ isFallback: e.target.checked })} />
          {t('routing.isFallback')}
        </label>
        {errorAt('isFallback') && <p className="field-error" role="alert" style={{ marginTop: -8, marginBottom: 12 }}>{errorAt('isFallback')}</p>}

        {!form.isFallback && (
          <fieldset className="routing-filters" style={{ border: 0, padding: 0, margin: '0 0 4px' }}>
            <legend className="field-label" style={{ marginBottom: 6 }}>{t('routing.filters')} <span className="optional">{t('routing.filtersHint')}</span></legend>
            <div className={field('channelTypes')}>
              <span className="help">{t('routing.channel')}</span>
              <div className="routing-type-picks" role="group" aria-label={t('routing.channelTypes')}>
                {typeList.map((type) => {
                  const on = form.channelTypes.includes(type.type);
                  return (
                    <label key={type.type} className={on ? 'on' : ''}>
                      <input type="checkbox" checked={on} onChange={() => set({ channelTypes: on ? form.channelTypes.filter((x) => x !== type.type) : [...form.channelTypes, type.type] })} />
                      {on && <Icon name="check" size={12} />}{type.displayName}
                    </label>
                  );
                })}
              </div>
              {form.channelIds.length > 0 && <span className="help">{t('routing.alsoLimited', { channels: chosenChannels(form.channelIds.length) })}</span>}
              {fieldError('channelTypes')}
            </div>
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className={`${field('tags')} grow`}>
                <label htmlFor="queue-tags">{t('routing.tags')}</label>
                <input id="queue-tags" className="input" value={form.tags} placeholder={t('routing.tagsPlaceholder')} onChange={(e) => set({ tags: e.target.value })} />
                {fieldError('tags')}
              </div>
              <div className={`${field('words')} grow`}>
                <label htmlFor="queue-words">{t('routing.words')}</label>
                <input id="queue-words" className="input" value={form.words} placeholder={t('routing.wordsPlaceholder')} onChange={(e) => set({ words: e.target.value })} />
                {fieldError('words')}
              </div>
            </div>
            <div className={field('customFields')}>
              <span className="help">{t('routing.customFields')}</span>
              {form.customFields.map((row, i) => (
                <div key={i} className="row" style={{ marginBottom: 6 }}>
                  <input className="input" aria-label={t('routing.customFieldName', { n: i + 1 })} placeholder={t('routing.fieldPlaceholder')} value={row.field}
                    onChange={(e) => set({ customFields: form.customFields.map((r, j) => (j === i ? { ...r, field: e.target.value } : r)) })} />
                  <span className="muted">=</span>
                  <input className="input" aria-label={t('routing.customFieldValue', { n: i + 1 })} placeholder={t('routing.valuePlaceholder')} value={row.value}
                    onChange={(e) => set({ customFields: form.customFields.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })} />
                  <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={t('routing.removeCustomField', { n: i + 1 })} onClick={() => set({ customFields: form.customFields.filter((_, j) => j !== i) })}><Icon name="x" /></button>
                </div>
              ))}
              <div><button type="button" className="btn-link small" onClick={() => set({ customFields: [...form.customFields, { field: '', value: '' }] })}>{t('routing.addCustomField')}</button></div>
              {fieldError('customFields')}
            </div>
          </fieldset>
        )}

        <div className={field('skillId')} style={{ maxWidth: 360 }}>
          <label htmlFor="queue-skill">{t('routing.needsSkill')}</label>
          <select id="queue-skill" className="select" value={form.skillId} onChange={(e) => set({ skillId: e.target.value })}>
            <option value="">{t('routing.caseOwnSkill')}</option>
            {skills.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
          {fieldError('skillId')}
        </div>
        <div className={field('strategy')}>
          <span className="field-label">{t('routing.colStrategy')}</span>
          <div className="routing-strategies" role="radiogroup" aria-label={t('routing.strategy')}>
            {STRATEGIES.map((s: Strategy) => (
              <label key={s} className={form.strategy === s ? 'on' : ''}>
                <input type="radio" name="strategy" value={s} checked={form.strategy === s} onChange={() => set({ strategy: s })} />
                <span><b>{strategyText(s).title}</b><br /><span className="help">{strategyText(s).help}</span></span>
              </label>
            ))}
          </div>
          <span className="help">{t('routing.eitherWay')}</span>
        </div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className={`${field('offerTimeout')} grow`}>
            <label htmlFor="queue-offer">{t('routing.offerWaits')}</label>
            <div className="row">
              <input id="queue-offer" className="input" type="number" min={1} style={{ width: 110 }} value={form.offerTimeoutSeconds} disabled={form.assignAtOnce}
                onChange={(e) => set({ offerTimeoutSeconds: e.target.value })} aria-describedby="queue-offer-help" />
              <span className="muted small">{t('routing.seconds')}</span>
              <label className="check small"><input type="checkbox" checked={form.assignAtOnce} onChange={(e) => set({ assignAtOnce: e.target.checked })} />{t('routing.assignAtOnce')}</label>
            </div>
            <span className="help" id="queue-offer-help">{form.assignAtOnce ? t('routing.assignAtOnceHelp') : t('routing.offerHelp')}</span>
            {fieldError('offerTimeout')}
          </div>
          <div className={field('wrapUp')} style={{ width: 220 }}>
            <label htmlFor="queue-wrapup">{t('routing.wrapUp')}</label>
            <div className="row">
              <input id="queue-wrapup" className="input" type="number" min={0} style={{ width: 110 }} value={form.wrapUpSeconds} onChange={(e) => set({ wrapUpSeconds: e.target.value })} />
              <span className="muted small">{t('routing.seconds')}</span>
            </div>
            <span className="help">{t('routing.wrapUpHelp')}</span>
            {fieldError('wrapUp')}
          </div>
        </div>
      </form>
    </Dialog>
  );
}
