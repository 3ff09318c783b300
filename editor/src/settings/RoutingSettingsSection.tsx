// Settings → Routing (issue #10): skills, each channel's default skill, agents (skills with
// proficiency, capacity, status), queues, and whether agents see every case. Admins edit;
// supervisors read.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { t } from '../i18n';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import type { ChannelType } from './channel-types';
import { RoutingAgents } from './RoutingAgents';
import { RoutingQueues } from './RoutingQueues';
import type { RoutingChannel, Skill } from './routing-types';
import './routing.css';

export function RoutingSettingsSection({ editable }: { editable: boolean }) {
  const ui = useUi();
  const [skills, setSkills] = useState<Skill[] | null>(null);
  const [channels, setChannels] = useState<RoutingChannel[]>([]);
  const [types, setTypes] = useState<Map<string, ChannelType>>(new Map());
  const [seeAll, setSeeAll] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const loadSkills = useCallback(() => api<{ items: Skill[] }>('/skills').then((r) => setSkills(r.items), (e) => setError((e as Error).message)), []);
  const loadChannels = useCallback(() => api<{ items: RoutingChannel[] }>('/channels?limit=200').then((r) => setChannels(r.items), () => {}), []);
  useEffect(() => {
    void loadSkills();
    void loadChannels();
    api<{ items: ChannelType[] }>('/channel-types').then((r) => setTypes(new Map(r.items.map((type) => [type.type, type]))), () => {});
    api<{ agentsSeeAllCases: boolean }>('/routing/settings').then((s) => setSeeAll(s.agentsSeeAllCases), () => {});
  }, [loadSkills, loadChannels]);

  /** Skills changed: agents and queues name them, so they read again too. */
  const skillsChanged = () => { void loadSkills(); void loadChannels(); setVersion((v) => v + 1); };
  const typeName = (type: string) => types.get(type)?.displayName ?? type;

  const toggleSeeAll = async (on: boolean) => {
    try {
      const s = await api<{ agentsSeeAllCases: boolean }>('/routing/settings', { method: 'PUT', json: { agentsSeeAllCases: on } });
      setSeeAll(s.agentsSeeAllCases);
      ui.toast(on ? t('routing.seeAllOn') : t('routing.seeAllOff'));
    } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  const setChannelSkill = async (channel: RoutingChannel, skillId: string) => {
    try {
      await api(`/channels/${channel.id}/default-skill`, { method: 'PUT', json: { skillId: skillId || null } });
      setChannels((list) => list.map((c) => (c.id === channel.id ? { ...c, defaultSkillId: skillId || null } : c)));
      const skill = skills?.find((s) => s.id === skillId);
      ui.toast(skill ? t('routing.channelSkillSet', { channel: channel.name, skill: skill.name }) : t('routing.channelSkillNone', { channel: channel.name }));
    } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  return (
    <div data-testid="routing-settings" id="routing">
      <section className="card">
        <div className="card-head">
          <div className="grow">
            <h2>{t('routing.skillsTitle')}</h2>
            <p className="help">{t('routing.skillsHelp')}</p>
          </div>
        </div>
        <div className="card-body routing-grid">
          {error && <div className="banner danger">{error}</div>}
          <SkillList skills={skills ?? []} editable={editable} onChanged={skillsChanged} />
          <div>
            <div className="field-label" style={{ marginBottom: 8 }}>{t('routing.channelDefaults')}</div>
            {channels.length === 0 ? <p className="muted small">{t('routing.noChannels')}</p> : (
              <table className="table" data-testid="channel-skills">
                <tbody>
                  {channels.map((c) => (
                    <tr key={c.id}>
                      <td><b>{c.name}</b><div className="muted small">{typeName(c.type)}{c.enabled ? '' : ` · ${t('routing.channelDisabled')}`}</div></td>
                      <td style={{ width: 190 }}>
                        <select className="select routing-select" aria-label={t('routing.defaultSkillOf', { channel: c.name })} value={c.defaultSkillId ?? ''} disabled={!editable}
                          onChange={(e) => void setChannelSkill(c, e.target.value)}>
                          <option value="">{t('routing.noParticularSkill')}</option>
                          {(skills ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
        <div className="card-body" style={{ borderTop: '1px solid var(--border)' }}>
          <label className="row" style={{ alignItems: 'flex-start', gap: 12 }}>
            <span className="toggle" style={{ marginTop: 2 }}>
              <input type="checkbox" checked={seeAll ?? false} disabled={!editable || seeAll === null} onChange={(e) => void toggleSeeAll(e.target.checked)} aria-label={t('routing.seeAll')} /><span />
            </span>
            <span><b>{t('routing.seeAll')}</b><br /><span className="help">{t('routing.seeAllHelp')}</span></span>
          </label>
        </div>
      </section>
      <RoutingAgents editable={editable} skills={skills ?? []} version={version} />
      <RoutingQueues editable={editable} skills={skills ?? []} types={types} version={version} />
    </div>
  );
}

function SkillList({ skills, editable, onChanged }: { skills: Skill[]; editable: boolean; onChanged(): void }) {
  const ui = useUi();
  const [draft, setDraft] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string; error: string | null } | null>(null);

  const fieldError = (e: unknown) => {
    const err = e as ApiError;
    const at = err.errors?.find((x) => x.path === 'name');
    return at && err.status === 409 ? err.message : at ? t('routing.nameError', { message: at.message }) : err.message;
  };

  const add = async () => {
    setAddError(null);
    try {
      const skill = await api<Skill>('/skills', { json: { name: draft.trim() } });
      setDraft('');
      ui.toast(t('routing.skillAdded', { name: skill.name }));
      onChanged();
    } catch (e) { setAddError(fieldError(e)); }
  };
  const rename = async () => {
    if (!renaming) return;
    try {
      await api(`/skills/${renaming.id}`, { method: 'PATCH', json: { name: renaming.name.trim() } });
      setRenaming(null);
      onChanged();
    } catch (e) { setRenaming({ ...renaming, error: fieldError(e) }); }
  };
  const remove = async (s: Skill) => {
    const ok = await ui.confirm({
      title: t('routing.deleteSkillTitle', { name: s.name }),
      body: <p>{t('routing.deleteSkillBody')}</p>,
      confirm: t('routing.deleteSkill'), danger: true,
    });
    if (!ok) return;
    try { await api(`/skills/${s.id}`, { method: 'DELETE' }); ui.toast(t('routing.skillDeleted', { name: s.name })); onChanged(); } catch (e) { ui.toast((e as Error).message, 'danger'); }
  };

  return (
    <div data-testid="skills">
      <div className="field-label" style={{ marginBottom: 8 }}>{t('routing.skills')}</div>
      {skills.length === 0 && <p className="muted small">{t('routing.noSkills')}</p>}
      <ul className="routing-skill-list">
        {skills.map((s) => (
          <li key={s.id}>
            {renaming?.id === s.id ? (
              <form className="grow" onSubmit={(e) => { e.preventDefault(); void rename(); }}>
                <div className={`row${renaming.error ? ' invalid' : ''}`} style={{ gap: 6 }}>
                  <input className="input input-sm grow" aria-label={t('routing.newNameFor', { name: s.name })} value={renaming.name} maxLength={100} autoFocus
                    onChange={(e) => setRenaming({ ...renaming, name: e.target.value, error: null })} onKeyDown={(e) => { if (e.key === 'Escape') setRenaming(null); }} />
                  <button className="btn btn-sm btn-primary" type="submit" disabled={!renaming.name.trim()}>{t('common.save')}</button>
                  <button className="btn btn-sm" type="button" onClick={() => setRenaming(null)}>{t('common.cancel')}</button>
                </div>
                {renaming.error && <span className="field-error">{renaming.error}</span>}
              </form>
            ) : (
              <>
                <span className="grow"><Icon name="tag" size={14} /> {s.name}</span>
                {editable && <button className="btn btn-ghost btn-sm" onClick={() => setRenaming({ id: s.id, name: s.name, error: null })}>{t('routing.rename')}</button>}
                {editable && <button className="btn btn-ghost btn-sm btn-icon" aria-label={t('common.deleteNamed', { name: s.name })} onClick={() => void remove(s)}><Icon name="trash" /></button>}
              </>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form onSubmit={(e) => { e.preventDefault(); void add(); }} className={`field${addError ? ' invalid' : ''}`} style={{ marginTop: 8, marginBottom: 0 }}>
          <div className="row" style={{ gap: 6 }}>
            <input className="input grow" aria-label={t('routing.newSkillName')} placeholder={t('routing.newSkillPlaceholder')} value={draft} maxLength={100} onChange={(e) => { setDraft(e.target.value); setAddError(null); }} />
            <button className="btn" type="submit" disabled={!draft.trim()}><Icon name="plus" />{t('routing.addSkill')}</button>
          </div>
          {addError && <span className="field-error" role="alert">{addError}</span>}
        </form>
      )}
    </div>
  );
}
