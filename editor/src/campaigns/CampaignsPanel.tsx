// Campaigns: the create form, and each campaign's live progress (recipients by status, sends per
// second, time left) with start / pause / resume / cancel.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog, useUi } from '../ui/dialog';
import { when } from '../ui/format';
import { Icon } from '../ui/icons';
import { ProgressBar } from './ProgressBar';
import { emptyTemplateDraft, templateDraftProblem, templateMessage } from './template-draft';
import { TemplateFields, useChannelTemplates } from './TemplateFields';
import { CAMPAIGN_STATUS, SKIP_REASON_TEXT, type Campaign, type ChannelSummary, type ContactList } from './types';

const LIVE = new Set(['scheduled', 'waiting_window', 'sending', 'paused']);
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

/** `lists` and `channels` are null while the page reads them: the campaigns wait for them too. */
export function CampaignsPanel({ editable, lists, channels }: { editable: boolean; lists: ContactList[] | null; channels: ChannelSummary[] | null }) {
  const ui = useUi();
  const [loaded, setCampaigns] = useState<Campaign[] | null>(null);
  const campaigns = lists && channels ? loaded : null;
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    try {
      setCampaigns((await api<{ items: Campaign[] }>('/campaigns?limit=100')).items);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  const live = loaded?.some((c) => LIVE.has(c.status));
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [live, load]);

  const command = async (c: Campaign, action: 'start' | 'pause' | 'resume' | 'cancel') => {
    if (action === 'cancel' && !(await ui.confirm({
      title: `Cancel “${c.name}”?`, body: <p>Nobody else gets the message. Recipients already sent to keep it. This cannot be undone.</p>, confirm: 'Cancel campaign', danger: true,
    }))) return;
    try {
      await api(`/campaigns/${c.id}/${action}`, { method: 'POST' });
      void load();
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const readyLists = (lists ?? []).filter((l) => l.status === 'ready');
  const listName = (id: string) => lists?.find((l) => l.id === id)?.name ?? id;
  const channelName = (id: string) => channels?.find((ch) => ch.id === id)?.name ?? id;

  return (
    <>
      <div className="row" style={{ marginBottom: 12 }}>
        <p className="muted grow">A campaign sends one message to every contact of a list on one channel, inside its sending window and at its pace. Opted-out contacts are skipped.</p>
        {editable && <button className="btn btn-primary" onClick={() => setCreating(true)} disabled={readyLists.length === 0 || !channels}
          title={readyLists.length === 0 ? 'Upload a contact list first' : undefined}><Icon name="plus" />New campaign</button>}
      </div>
      {error && <div className="banner danger" style={{ marginBottom: 16 }}>{error}</div>}
      {campaigns && campaigns.length === 0 && (
        <div className="card"><div className="empty" data-testid="no-campaigns">
          <h3>No campaigns yet</h3>
          <p>{readyLists.length === 0
            ? 'Start with a contact list: open the Contact lists tab and upload a CSV. Then create a campaign for it here.'
            : 'Create a campaign: pick a channel and a list, write the message (use {{name}} and the list’s columns), and start it.'}</p>
        </div></div>
      )}
      {campaigns?.map((c) => {
        const r = c.recipients;
        const done = r.total - r.queued - r.sending;
        const tone = CAMPAIGN_STATUS[c.status];
        const skipped = Object.entries(r.skippedBy).map(([k, n]) => `${n} ${SKIP_REASON_TEXT[k] ?? k}`).join(', ');
        return (
          <div className="card" key={c.id} data-testid={`campaign-${c.id}`}>
            <div className="card-body stack" style={{ gap: 10 }}>
              <div className="row wrap">
                <strong className="grow">{c.name}</strong>
                <span className={`chip ${tone.tone}`}>{tone.label}</span>
                {editable && c.status === 'draft' && <button className="btn btn-sm btn-primary" onClick={() => void command(c, 'start')}><Icon name="play" />Start</button>}
                {editable && (c.status === 'sending' || c.status === 'waiting_window' || c.status === 'scheduled') && <button className="btn btn-sm" onClick={() => void command(c, 'pause')}>Pause</button>}
                {editable && c.status === 'paused' && <button className="btn btn-sm btn-primary" onClick={() => void command(c, 'resume')}><Icon name="play" />Resume</button>}
                {editable && (LIVE.has(c.status) || c.status === 'draft') && <button className="btn btn-sm btn-danger" onClick={() => void command(c, 'cancel')}>Cancel</button>}
              </div>
              <div className="muted small">
                {channelName(c.channelId)} · list {listName(c.listId)} · {c.mode === 'skill' ? `replies go to skill ${c.skillId}` : 'agentless'}
                {c.throttlePerSecond ? ` · ${c.throttlePerSecond}/s` : ''}
                {c.sendingWindow ? ` · ${c.sendingWindow.days.join(', ')} ${c.sendingWindow.from}–${c.sendingWindow.to} (${c.sendingWindow.timeZone})` : ''}
                {c.startAt ? ` · starts ${when(c.startAt)}` : ''}
              </div>
              {r.total > 0 && <ProgressBar value={done / r.total} label={`${c.name} progress`} />}
              <div className="row wrap" style={{ gap: 6 }}>
                {r.total === 0 && <span className="muted small">Recipients are taken from the list when the campaign starts.</span>}
                {r.total > 0 && <>
                  <span className="chip">{r.total.toLocaleString()} recipients</span>
                  {r.queued + r.sending > 0 && <span className="chip">{(r.queued + r.sending).toLocaleString()} queued</span>}
                  {r.sent > 0 && <span className="chip accent">{r.sent.toLocaleString()} sent</span>}
                  {r.delivered > 0 && <span className="chip ok">{r.delivered.toLocaleString()} delivered</span>}
                  {r.read > 0 && <span className="chip ok">{r.read.toLocaleString()} read</span>}
                  {r.replied > 0 && <span className="chip ok">{r.replied.toLocaleString()} replied</span>}
                  {r.failed > 0 && <span className="chip danger">{r.failed.toLocaleString()} failed</span>}
                  {r.skipped > 0 && <span className="chip warn" title={skipped}>{r.skipped.toLocaleString()} skipped</span>}
                </>}
                <span className="spacer" />
                {c.status === 'sending' && <span className="muted small nowrap">{c.sendsPerSecond} sends/s · {duration(c.estimatedSecondsLeft)} left</span>}
              </div>
              {r.skipped > 0 && <div className="muted small">Skipped: {skipped}</div>}
            </div>
          </div>
        );
      })}
      {creating && <CreateCampaignDialog lists={readyLists} channels={channels ?? []} onClose={(created) => { setCreating(false); if (created) void load(); }} />}
    </>
  );
}

function CreateCampaignDialog({ lists, channels, onClose }: { lists: ContactList[]; channels: ChannelSummary[]; onClose: (created: boolean) => void }) {
  const [name, setName] = useState('');
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  const [listId, setListId] = useState(lists[0]?.id ?? '');
  const [text, setText] = useState('Hi {{name}}, ');
  const [subject, setSubject] = useState('');
  const [mode, setMode] = useState<'agentless' | 'skill'>('agentless');
  const [skillId, setSkillId] = useState('');
  const [throttle, setThrottle] = useState('');
  const [startAt, setStartAt] = useState('');
  const [useWindow, setUseWindow] = useState(false);
  const [days, setDays] = useState<string[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('20:00');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const variables = lists.find((l) => l.id === listId)?.mapping?.variables ?? [];
  // Only mails have a subject: the field shows for an email channel and is sent only for one.
  const channel = channels.find((ch) => ch.id === channelId);
  const isEmail = channel?.type === 'email';
  // A channel with approved templates (WhatsApp) only delivers those to customers who did not write
  // lately: the message is then a template; on any other channel it is free text.
  const templates = useChannelTemplates(channel);
  const [draft, setDraft] = useState(emptyTemplateDraft);
  useEffect(() => setDraft(emptyTemplateDraft()), [channelId]);
  const usesTemplate = templates.state !== 'none';
  const template = templates.state === 'ready' ? templates.items[draft.index] : undefined;
  const templateProblem = !usesTemplate ? null
    : templates.state === 'loading' ? 'Checking what this channel sends…'
      : !template ? 'Pick a template.'
        : templateDraftProblem(template, draft);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/campaigns', {
        json: {
          name: name.trim(), channelId, listId, message: template ? { template: templateMessage(template, draft) } : { text, ...(isEmail && subject.trim() ? { subject: subject.trim() } : {}) }, mode, ...(mode === 'skill' ? { skillId: skillId.trim() } : {}),
          ...(throttle ? { throttlePerSecond: Number(throttle) } : {}),
          ...(startAt ? { startAt: new Date(startAt).toISOString() } : {}),
          ...(useWindow ? { sendingWindow: { days, from, to } } : {}),
        },
      });
      onClose(true);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="New campaign" description="Saved as a draft: start it from the list when you are ready." wide onClose={() => onClose(false)}
      footer={<>
        <button className="btn" onClick={() => onClose(false)}>Cancel</button>
        <button className="btn btn-primary" form="campaign-form" disabled={busy || !name.trim() || !channelId || !listId || templateProblem !== null}
          title={templateProblem ?? undefined}>Create draft</button>
      </>}>
      <form id="campaign-form" onSubmit={submit}>
        <div className="field"><label htmlFor="c-name">Name</label><input id="c-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring sale" /></div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className="field grow"><label htmlFor="c-channel">Channel</label>
            <select id="c-channel" className="select" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              {channels.map((ch) => <option key={ch.id} value={ch.id}>{ch.name} ({ch.type})</option>)}
            </select>
          </div>
          <div className="field grow"><label htmlFor="c-list">Contact list</label>
            <select id="c-list" className="select" value={listId} onChange={(e) => setListId(e.target.value)}>
              {lists.map((l) => <option key={l.id} value={l.id}>{l.name} ({l.counts.valid.toLocaleString()})</option>)}
            </select>
          </div>
        </div>
        {isEmail && (
          <div className="field"><label htmlFor="c-subject">Subject <span className="optional">optional</span></label>
            <input id="c-subject" className="input" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} placeholder="Our spring menu, {{name}}" />
            <span className="help">Variables work here as in the message. Empty: your account's name and the message's first line.</span>
          </div>
        )}
        {!usesTemplate && (
          <div className="field"><label htmlFor="c-text">Message</label>
            <textarea id="c-text" className="textarea" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
            <span className="help">Variables: {['name', 'externalId', ...variables].map((v) => `{{${v}}}`).join(' ')}</span>
          </div>
        )}
        {templates.state === 'loading' && <p className="help" style={{ margin: '0 0 14px' }}>Checking what this channel sends…</p>}
        {templates.state === 'error' && (
          <div className="banner danger" style={{ marginBottom: 14 }}>This channel sends only approved templates, and they could not be read: {templates.message}</div>
        )}
        {templates.state === 'ready' && templates.items.length === 0 && (
          <div className="banner warn" style={{ marginBottom: 14 }}>
            This channel sends only approved templates to customers who have not written in the last 24 hours, and it has none yet. Create one in WhatsApp Manager; once Meta approves it, it shows here.
          </div>
        )}
        {templates.state === 'ready' && templates.items.length > 0 && (
          <TemplateFields channelId={channelId} templates={templates.items} listVariables={variables} value={draft} onChange={setDraft} />
        )}
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className="field grow"><label htmlFor="c-mode">Replies</label>
            <select id="c-mode" className="select" value={mode} onChange={(e) => setMode(e.target.value as 'agentless' | 'skill')}>
              <option value="agentless">Agentless (one-way; replies are recorded)</option>
              <option value="skill">Become cases routed to a skill</option>
            </select>
          </div>
          {mode === 'skill' && <div className="field grow"><label htmlFor="c-skill">Skill</label><input id="c-skill" className="input" value={skillId} onChange={(e) => setSkillId(e.target.value)} placeholder="sales" /></div>}
          <div className="field"><label htmlFor="c-throttle">Messages per second <span className="optional">optional</span></label>
            <input id="c-throttle" className="input" type="number" min={1} value={throttle} onChange={(e) => setThrottle(e.target.value)} placeholder="No limit" />
          </div>
        </div>
        <div className="field"><label htmlFor="c-start">Start at <span className="optional">optional: at once when started</span></label>
          <input id="c-start" className="input" type="datetime-local" value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        </div>
        <label className="check"><input type="checkbox" checked={useWindow} onChange={(e) => setUseWindow(e.target.checked)} /> Send only inside a window (the account's time zone)</label>
        {useWindow && (
          <div className="row wrap" style={{ marginTop: 8 }}>
            {DAYS.map((d) => (
              <label key={d} className="check"><input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))} />{d}</label>
            ))}
            <input className="input" style={{ width: 90 }} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
            <span>–</span>
            <input className="input" style={{ width: 90 }} value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
          </div>
        )}
        {error && (
          <div className="banner danger" style={{ marginTop: 12 }}>
            <div>
              {error.message}
              {error.errors.length > 0 && <ul style={{ margin: '6px 0 0 16px' }}>{error.errors.map((i, n) => <li key={n}><code>{i.path}</code>: {i.message}</li>)}</ul>}
            </div>
          </div>
        )}
      </form>
    </Dialog>
  );
}
