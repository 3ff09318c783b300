// The customer card beside a case: identities per channel, custom fields, previous cases, and
// "Merge with another customer…" (CustomerMergeDialog) when the same person wrote from two channels.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { LanguagePicker } from '../settings/LanguagePicker';
import { t } from '../i18n';
import { ChannelMark, StatusPill } from './CaseList';
import { CustomerMergeDialog, type MergeResult } from './CustomerMergeDialog';
import type { CustomerCard } from './types';

export function CustomerPanel({ contactId, caseId, version }: { contactId: string; caseId: string; version: number }) {
  const [card, setCard] = useState<(CustomerCard & { language?: string | null }) | null>(null);
  const [languageError, setLanguageError] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => { api<CustomerCard>(`/contacts/${contactId}`).then(setCard, () => setCard(null)); }, [contactId, version]);
  if (!card) return <div className="side-body" aria-busy="true" />;
  const fields = Object.entries(card.customFields ?? {});
  const others = card.cases.filter((c) => c.id !== caseId);
  // The contact's own language for the words Parley adds; null: the channel's or account's default.
  const setLanguage = (language: string | null) => {
    setLanguageError(null);
    api<CustomerCard>(`/contacts/${card.id}`, { method: 'PATCH', json: { language } }).then(setCard, (e) => setLanguageError((e as Error).message));
  };
  const merged = (result: MergeResult) => {
    setMerging(false);
    setCard(result.contact);
    const ids = result.movedIdentities, moved = result.movedCaseIds.length;
    setNotice(t('merge.done', {
      identities: ids === 1 ? t('merge.identity') : t('merge.identities', { n: ids }),
      cases: moved === 1 ? t('merge.case') : t('merge.cases', { n: moved }),
    }));
  };
  return (
    <div className="side-body" data-testid="customer-card">
      <div className="cust-head">
        <span className="cust-avatar" aria-hidden="true">{(card.name ?? '?').split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase()}</span>
        <div><div className="cust-name">{card.name ?? t('inbox.unknownCustomer')}</div>
          {card.email && <div className="muted small">{card.email}</div>}
          {card.phone && <div className="muted small">{card.phone}</div>}</div>
      </div>
      {notice && <p className="merge-notice" role="status">{notice}</p>}
      <h3 className="side-h" id="cust-language">{t('language.customerLanguage')}</h3>
      <LanguagePicker value={card.language ?? null} onChange={setLanguage} automaticLabel={t('language.customerAutomatic')} label={t('language.customerLanguageLabel')} testId="customer-language" />
      {languageError && <p className="field-error small" role="alert">{languageError}</p>}
      <h3 className="side-h">{t('inbox.identities')}</h3>
      <ul className="ident-list">
        {card.identities.map((i) => (
          <li key={i.id}><ChannelMark type={i.channelType} size={20} /><div><div>{i.channelName}</div><div className="muted small mono">{i.externalId}</div></div></li>
        ))}
      </ul>
      {fields.length > 0 && (
        <>
          <h3 className="side-h">{t('inbox.customFields')}</h3>
          <dl className="kv-list">{fields.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}</dl>
        </>
      )}
      <h3 className="side-h">{t('inbox.previousCases')}</h3>
      {others.length === 0 ? <p className="muted small">{t('inbox.noPrevious')}</p> : (
        <ul className="prev-cases">
          {others.slice(0, 8).map((c) => (
            <li key={c.id}><ChannelMark type={c.channelType} size={18} /><span className="grow prev-preview">{c.preview ?? c.id}</span><StatusPill status={c.status} /></li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-sm merge-open" onClick={() => { setNotice(null); setMerging(true); }}>{t('merge.open')}</button>
      {merging && <CustomerMergeDialog kept={card} onClose={() => setMerging(false)} onMerged={merged} />}
    </div>
  );
}
