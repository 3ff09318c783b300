// "Merge with another customer…": find the other card (GET /contacts?q=), compare both side by side
// with what the kept card keeps and what it drops, then POST /contacts/{id}/merge.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog } from '../ui/dialog';
import { mergeCards } from '../../../model/contacts/merge-cards';
import { ChannelMark } from './CaseList';
import { t } from '../i18n';
import type { CustomerCard } from './types';
import './customer-merge.css';

interface ContactHit { id: string; name: string | null; email: string | null; phone: string | null }
export interface MergeResult { contact: CustomerCard; movedIdentities: number; movedCaseIds: string[]; conflicts: { field: string; kept: unknown; discarded: unknown }[] }

type CardWithProfile = CustomerCard & { language?: string | null };
const profile = (c: CardWithProfile) => ({ name: c.name, email: c.email, phone: c.phone, language: c.language ?? null, customFields: c.customFields ?? {} });
const display = (c: { name: string | null }) => c.name ?? t('inbox.unknownCustomer');

export function CustomerMergeDialog({ kept, onClose, onMerged }: { kept: CustomerCard; onClose(): void; onMerged(r: MergeResult): void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<ContactHit[] | null>(null);
  const [other, setOther] = useState<CustomerCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (other) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: ContactHit[] }>(`/contacts?limit=8${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`, { signal: ctrl.signal })
        .then((r) => setHits(r.items.filter((c) => c.id !== kept.id)), (e) => { if ((e as Error).name !== 'AbortError') setError((e as Error).message); });
    }, 200);
    return () => { clearTimeout(timer); ctrl.abort(); };
  }, [q, other, kept.id]);

  const pick = (id: string) => { setError(null); api<CustomerCard>(`/contacts/${id}`).then(setOther, (e) => setError((e as Error).message)); };
  const merge = async () => {
    if (!other) return;
    setBusy(true);
    setError(null);
    try {
      onMerged(await api<MergeResult>(`/contacts/${kept.id}/merge`, { method: 'POST', json: { otherContactId: other.id } }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

  if (!other) {
    return (
      <Dialog title={t('merge.title')} description={t('merge.searchHint')} onClose={onClose} labelledBy="merge-title"
        footer={<button className="btn" onClick={onClose}>{t('merge.cancel')}</button>}>
        <input className="input merge-search" type="search" aria-label={t('merge.searchLabel')} placeholder={t('merge.searchPlaceholder')} value={q}
          onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => e.stopPropagation()} />
        {error && <p className="merge-error" role="alert">{error}</p>}
        <ul className="merge-hits" aria-label={t('merge.searchLabel')}>
          {hits?.length === 0 && <li className="muted small">{t('merge.noResults')}</li>}
          {hits?.map((h) => (
            <li key={h.id}>
              <button type="button" className="merge-hit" onClick={() => pick(h.id)}>
                <span className="merge-hit-name">{display(h)}</span>
                <span className="muted small">{[h.email, h.phone].filter(Boolean).join(' · ') || h.id}</span>
              </button>
            </li>
          ))}
        </ul>
      </Dialog>
    );
  }

  const { conflicts } = mergeCards(profile(kept), profile(other));
  return (
    <Dialog wide title={t('merge.confirmTitle')} description={t('merge.confirmHint', { kept: display(kept), other: display(other) })} onClose={onClose} labelledBy="merge-title"
      footer={<>
        <button className="btn" onClick={() => setOther(null)} disabled={busy}>{t('merge.back')}</button>
        <button className="btn btn-primary" onClick={merge} disabled={busy}>{t('merge.confirm')}</button>
      </>}>
      <div className="merge-pair" data-testid="merge-pair">
        <CardSummary card={kept} label={t('merge.keeps')} tone="kept" />
        <span className="merge-arrow" aria-hidden="true">←</span>
        <CardSummary card={other} label={t('merge.moves')} tone="other" />
      </div>
      {conflicts.length > 0 && (
        <div className="merge-conflicts">
          <h3 className="side-h">{t('merge.conflicts', { kept: display(kept) })}</h3>
          <ul>
            {conflicts.map((c) => (
              <li key={c.field}><span className="mono">{c.field.replace(/^customFields\./, '')}</span> <strong>{String(c.kept)}</strong> <span className="muted">({t('merge.dropped', { value: String(c.discarded) })})</span></li>
            ))}
          </ul>
        </div>
      )}
      {error && <p className="merge-error" role="alert">{error}</p>}
    </Dialog>
  );
}

function CardSummary({ card, label, tone }: { card: CustomerCard; label: string; tone: 'kept' | 'other' }) {
  const fields = Object.entries(card.customFields ?? {});
  return (
    <section className={`merge-card merge-${tone}`} aria-label={`${label}: ${display(card)}`}>
      <div className="merge-card-label">{label}</div>
      <div className="cust-name">{display(card)}</div>
      {card.email && <div className="muted small">{card.email}</div>}
      {card.phone && <div className="muted small">{card.phone}</div>}
      <ul className="ident-list merge-idents">
        {card.identities.map((i) => (
          <li key={i.id}><ChannelMark type={i.channelType} size={18} /><div><div>{i.channelName}</div><div className="muted small mono">{i.externalId}</div></div></li>
        ))}
      </ul>
      {fields.length > 0 && <dl className="kv-list">{fields.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}</dl>}
      <div className="muted small merge-count">{card.cases.length === 1 ? t('merge.case') : t('merge.cases', { n: card.cases.length })}</div>
    </section>
  );
}
