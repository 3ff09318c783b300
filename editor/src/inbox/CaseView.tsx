// One case: header (customer, channel, status actions, assignment slot, tags), the thread with
// rich content, delivery status, answers and internal notes, the composer, and a side panel with
// the customer card and the timeline.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client';
import { answerOf, questionText } from './answer';
import { AssignmentControl } from './AssignmentControl';
import { AttachmentPreview } from './AttachmentPreview';
import { ChannelMark, SlaBadge, StatusPill } from './CaseList';
import { channelBadge } from './channel-badges';
import { Composer, type ComposerHandle } from './Composer';
import { CustomerPanel } from './CustomerPanel';
import { MessageContent } from './MessageContent';
import { t, type StringKey } from '../i18n';
import { formatMoment, formatTime, formatTimeOrDay } from '../ui/time-format';
import type { CaseDetail, CaseStatus, Message, Note, SlaTargets, User, Workspace } from './types';

export interface CaseViewHandle { focusReply(): void; resolve(): void }

interface Props {
  caseId: string;
  /** Bumped by the live stream when this case or its messages change. */
  version: number;
  me: { id: string | null; name: string | null };
  users: User[];
  targets: SlaTargets | null;
  now: number;
  onChanged(c: CaseDetail): void;
}

const time = formatTime;
const dayLabel = (iso: string) => formatMoment(iso, 'longDay');

export const CaseView = forwardRef<CaseViewHandle, Props>(function CaseView({ caseId, version, me, users, targets, now, onChanged }, ref) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [ws, setWs] = useState<Workspace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [side, setSide] = useState<'customer' | 'timeline'>('customer');
  const composer = useRef<ComposerHandle>(null);
  const threadEnd = useRef<HTMLDivElement>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([api<CaseDetail>(`/cases/${caseId}`), api<Workspace>(`/cases/${caseId}/workspace`)])
      .then(([d, w]) => { if (live) { setDetail(d); setWs(w); setError(null); onChanged(d); } })
      .catch((e) => { if (live) setError(e instanceof Error ? e.message : t('inbox.couldNotLoad')); });
    return () => { live = false; };
  }, [caseId, version, reload]);

  useEffect(() => { threadEnd.current?.scrollIntoView({ block: 'end' }); }, [detail?.messages.length, ws?.notes.length, caseId]);

  const userName = (id: string | null) => (id ? ws?.people[id] ?? users.find((u) => u.id === id)?.name ?? null : null);

  async function patch(body: Record<string, unknown>) {
    try {
      await api(`/cases/${caseId}`, { method: 'PATCH', json: body });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }
  const setStatus = (status: CaseStatus) => void patch({ status });

  useImperativeHandle(ref, () => ({
    focusReply: () => composer.current?.focus(),
    resolve: () => { if (detail && detail.status !== 'resolved' && detail.status !== 'closed') setStatus('resolved'); },
  }));

  if (error && !detail) return <div className="case-view"><div className="inbox-empty" role="alert">{error}</div></div>;
  if (!detail) return <div className="case-view" aria-busy="true" />;

  const renderingOf = new Map(ws?.rendering.map((r) => [r.messageId, r]) ?? []);
  const items: { at: string; node: ReactNode; key: string }[] = [
    ...detail.messages.map((m) => ({ at: m.occurredAt, key: m.id, node: <Bubble key={m.id} m={m} thread={detail.messages} rendering={m.rendering ?? renderingOf.get(m.id)} author={m.direction === 'out' ? userName(m.authorId) : null} /> })),
    ...(ws?.notes ?? []).map((n) => ({ at: n.createdAt, key: n.id, node: <NoteBubble key={n.id} note={n} users={users} /> })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  let lastDay = '';
  const badge = channelBadge(detail.channelType);
  const s = detail.status;

  return (
    <div className="case-view">
      <div className="case-main">
        <header className="case-head">
          <div className="case-head-top">
            <ChannelMark type={detail.channelType} size={34} />
            <div className="grow case-title">
              <h2>{detail.contactName ?? t('inbox.unknownCustomer')}</h2>
              <div className="case-sub" title={detail.id}>{badge.label} · {t('inbox.opened', { time: formatTimeOrDay(detail.createdAt) })}</div>
            </div>
            <StatusPill status={s} />
            <SlaBadge c={detail} targets={targets} now={now} />
          </div>
          <div className="case-head-actions">
            <div className="status-actions" role="group" aria-label={t('inbox.statusFilter')}>
              {s !== 'resolved' && s !== 'closed' && <button className="btn btn-sm btn-primary" data-testid="resolve" onClick={() => setStatus('resolved')}>✓ {t('inbox.resolve')}</button>}
              {s !== 'pending' && s !== 'closed' && s !== 'resolved' && <button className="btn btn-sm" onClick={() => setStatus('pending')}>{t('inbox.pending')}</button>}
              {s !== 'escalated' && s !== 'closed' && s !== 'resolved' && <button className="btn btn-sm" onClick={() => setStatus('escalated')}>{t('inbox.escalate')}</button>}
              {(s === 'resolved' || s === 'pending' || s === 'escalated') && <button className="btn btn-sm" onClick={() => setStatus('open')}>{t('inbox.reopen')}</button>}
            </div>
            <AssignmentControl caseId={detail.id} assigneeId={detail.assigneeId} closed={s === 'closed'} version={version} users={users} onMoved={() => setReload((n) => n + 1)} />
          </div>
          <Tags tags={detail.tags} onChange={(tags) => void patch({ tags })} disabled={s === 'closed'} />
          {error && <div className="composer-error" role="alert">{error}</div>}
        </header>

        <div className="thread" aria-label={t('inbox.conversation')} role="log" aria-live="polite">
          {items.map((item) => {
            const day = dayLabel(item.at);
            const sep = day !== lastDay ? <div className="day-sep" key={`d-${item.key}`}><span>{day}</span></div> : null;
            lastDay = day;
            return <div key={item.key}>{sep}{item.node}</div>;
          })}
          <div ref={threadEnd} />
        </div>

        <Composer ref={composer} theCase={detail} window={ws?.replyWindow ?? null} users={users} agentName={me.name} now={now} onSent={() => setReload((n) => n + 1)} />
      </div>

      <aside className="case-side" aria-label={t('inbox.customer')}>
        <div className="side-tabs" role="tablist">
          <button role="tab" aria-selected={side === 'customer'} className={side === 'customer' ? 'on' : ''} onClick={() => setSide('customer')}>{t('inbox.customer')}</button>
          <button role="tab" aria-selected={side === 'timeline'} className={side === 'timeline' ? 'on' : ''} onClick={() => setSide('timeline')}>{t('inbox.timeline')}</button>
        </div>
        {side === 'customer' ? <CustomerPanel contactId={detail.contactId} caseId={detail.id} version={version} /> : <Timeline detail={detail} name={userName} />}
      </aside>
    </div>
  );
});

/** `rendering`: as stored when the message was sent (the workspace's re-rendering only for a message not sent yet). */
function Bubble({ m, thread, rendering, author }: { m: Message; thread: Message[]; rendering?: { report: Workspace['rendering'][number]['report']; text?: string | null } | null; author: string | null }) {
  const answer = m.direction === 'in' ? answerOf(m, thread) : null;
  const out = m.direction === 'out';
  return (
    <div className={`msg ${out ? 'msg-out' : 'msg-in'}`} data-testid={`msg-${m.id}`}>
      <div className="msg-bubble">
        {answer && (
          <div className="msg-answer" data-testid="answer">
            <span className="msg-answer-q">↩ {t('inbox.answered')} “{questionText(answer.question.content)}”</span>
            <span className="msg-answer-a">{t('inbox.tapped')} <strong>{answer.title}</strong></span>
          </div>
        )}
        {!(answer && m.text.trim() === answer.title) && <MessageContent stored={m.content} text={(out && rendering?.text) || m.text} report={out ? rendering?.report : undefined} />}
        {m.attachments.length > 0 && <div className="msg-files">{m.attachments.map((f) => <AttachmentPreview key={f.id} file={f} />)}</div>}
      </div>
      <div className="msg-meta">
        {out && <span>{author ?? (m.authorType === 'system' ? t('inbox.system') : t('inbox.agentLabel'))} · </span>}
        <time dateTime={m.occurredAt}>{time(m.occurredAt)}</time>
        {out && <Delivery m={m} />}
      </div>
    </div>
  );
}

function Delivery({ m }: { m: Message }) {
  const label = t(`inbox.delivery.${m.deliveryStatus}` as StringKey);
  if (m.deliveryStatus === 'failed') {
    return <span className="delivery delivery-failed" role="alert"> · ⚠ {m.deliveryError ? t('inbox.failedBecause', { reason: m.deliveryError }) : label}</span>;
  }
  const ticks = m.deliveryStatus === 'read' || m.deliveryStatus === 'delivered' ? '✓✓' : m.deliveryStatus === 'sent' ? '✓' : '…';
  return <span className={`delivery delivery-${m.deliveryStatus}`} data-testid="delivery"> · <span aria-hidden="true">{ticks}</span> {label}</span>;
}

function NoteBubble({ note, users }: { note: Note; users: User[] }) {
  const names = note.mentions.map((id) => users.find((u) => u.id === id)?.name).filter((n): n is string => Boolean(n));
  const parts = names.length ? note.text.split(new RegExp(`(${names.map((n) => `@${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('|')})`)) : [note.text];
  return (
    <div className="msg msg-note" data-testid="note">
      <div className="msg-bubble">
        <div className="note-label">
          <svg width="11" height="11" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.6" aria-hidden="true"><rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></svg>
          {t('inbox.internalNote')}
        </div>
        <div className="rc-text rc-plain">{parts.map((p, i) => (p.startsWith('@') && names.includes(p.slice(1)) ? <mark key={i} className="mention">{p}</mark> : p))}</div>
      </div>
      <div className="msg-meta">{note.authorName ?? note.authorId} · <time dateTime={note.createdAt}>{time(note.createdAt)}</time></div>
    </div>
  );
}

function Tags({ tags, onChange, disabled }: { tags: string[]; onChange(tags: string[]): void; disabled: boolean }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim().replace(/^#/, '');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="tags" aria-label={t('inbox.tags')} role="group">
      {tags.map((tag) => (
        <span key={tag} className="tag">#{tag}
          {!disabled && <button type="button" aria-label={t('inbox.removeTag', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>×</button>}
        </span>
      ))}
      {!disabled && (
        <input className="tag-input" aria-label={t('inbox.addTag')} placeholder={`+ ${t('inbox.addTag')}`} value={draft} maxLength={64}
          onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} onBlur={() => draft && add()} />
      )}
    </div>
  );
}

function Timeline({ detail, name }: { detail: CaseDetail; name(id: string): string | null }) {
  const who = (actor: string | null) => {
    if (!actor) return null;
    if (actor === 'customer') return t('inbox.customerActor');
    if (actor === 'system') return t('inbox.system');
    if (actor.startsWith('rule:')) return null; // the description names the rule
    return name(actor) ?? actor;
  };
  return (
    <ol className="timeline side-body" data-testid="timeline">
      {[...detail.events].reverse().map((e, i) => {
        const by = who(e.actor);
        return (
          <li key={i}>
            <span className={`tl-dot tl-${e.type}`} aria-hidden="true" />
            <div><div>{e.description.replace(/\b[a-z]{2,6}_[a-z0-9]{10,}\b/g, (id) => name(id) ?? id)}</div>
              <div className="muted small"><time dateTime={e.at}>{formatMoment(e.at, 'dayTime')}</time>{by && !e.description.includes(by) ? ` · ${t('inbox.by', { who: by })}` : ''}</div></div>
          </li>
        );
      })}
    </ol>
  );
}
