// The inbox list: one row per case with its channel, customer, last message, status, age, unread
// marker and the running SLA timer. The focused row (j/k) is the list's active descendant.
import { useEffect, useRef } from 'react';
import { channelBadge } from './channel-badges';
import { formatDuration, slaTimer } from './sla';
import { t, type StringKey } from '../i18n';
import { formatTimeOrDay } from '../ui/time-format';
import type { CaseSummary, SlaTargets } from './types';

export function ChannelMark({ type, size = 28 }: { type?: string; size?: number }) {
  const b = channelBadge(type);
  return (
    <span className="ch-mark" style={{ background: b.color, width: size, height: size, fontSize: b.mark.length > 1 ? size * 0.36 : size * 0.46 }}
      title={b.label} aria-label={b.label} role="img">{b.mark}</span>
  );
}

export function StatusPill({ status }: { status: CaseSummary['status'] }) {
  return <span className={`pill pill-${status}`}>{t(`inbox.status.${status}` as StringKey)}</span>;
}

export function relativeTime(iso: string, now: number): string {
  const d = new Date(iso);
  const diff = now - d.getTime();
  if (diff < 60_000) return t('inbox.justNow');
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)}m`;
  return formatTimeOrDay(d, now);
}

export function SlaBadge({ c, targets, now }: { c: CaseSummary; targets: SlaTargets | null; now: number }) {
  if (!targets) return null;
  const timer = slaTimer(c, targets, now);
  if (!timer) return null;
  const label = timer.kind === 'first' ? t('inbox.firstResponse') : t('inbox.nextResponse');
  const state = t(timer.level === 'ok' ? 'inbox.slaOk' : timer.level === 'warning' ? 'inbox.slaWarning' : 'inbox.slaBreached');
  return (
    <span className={`sla sla-${timer.level}`} title={`${label}: ${formatDuration(timer.elapsedMs)} / ${formatDuration(timer.targetMs)} (${state})`}
      aria-label={`${label} ${formatDuration(timer.elapsedMs)}, ${state}`}>
      <svg width="11" height="11" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.6" aria-hidden="true"><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></svg>
      {timer.kind === 'first' ? t('inbox.slaFirstShort') : t('inbox.slaNextShort')} {formatDuration(timer.elapsedMs)}
    </span>
  );
}

export function CaseList({ cases, focused, open, unread, targets, now, onOpen, onFocus }: {
  cases: CaseSummary[];
  focused: string | null;
  open: string | null;
  unread: (c: CaseSummary) => boolean;
  targets: SlaTargets | null;
  now: number;
  onOpen(id: string): void;
  onFocus(id: string): void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!focused) return;
    listRef.current?.querySelector(`[data-case-id="${CSS.escape(focused)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focused]);
  if (cases.length === 0) {
    return <div className="inbox-empty"><strong>{t('inbox.noCases')}</strong><span>{t('inbox.noCasesHint')}</span></div>;
  }
  return (
    <ul className="case-list" ref={listRef} role="listbox" aria-label={t('inbox.inbox')} tabIndex={0}
      aria-activedescendant={focused ? `case-row-${focused}` : undefined}>
      {cases.map((c) => {
        const isUnread = unread(c);
        return (
          <li key={c.id} id={`case-row-${c.id}`} data-case-id={c.id} role="option" aria-selected={c.id === open}
            className={`case-row${c.id === focused ? ' focused' : ''}${c.id === open ? ' open' : ''}${isUnread ? ' unread' : ''}`}
            onClick={() => { onFocus(c.id); onOpen(c.id); }}>
            <ChannelMark type={c.channelType} />
            <div className="case-row-main">
              <div className="case-row-top">
                <span className="case-name">{c.contactName ?? t('inbox.unknownCustomer')}</span>
                {isUnread && <span className="unread-dot" aria-label={t('inbox.unread')} role="img" />}
                <time className="case-time" dateTime={c.lastActivityAt}>{relativeTime(c.lastActivityAt, now)}</time>
              </div>
              <div className="case-preview">{c.preview ?? '—'}</div>
              <div className="case-row-meta">
                <StatusPill status={c.status} />
                <SlaBadge c={c} targets={targets} now={now} />
                {c.tags.slice(0, 2).map((tag) => <span key={tag} className="tag-mini">#{tag}</span>)}
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
