// A case offered to the signed-in agent and not yet accepted: shown above the list with Accept and
// the time left before routing offers it to someone else (GET /api/v1/cases/{id}/routing; POST
// /accept). Offers come from the agent's own active cases, read again whenever the inbox's list
// changes (it follows the live stream), so a filter on the list never hides an offer.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { countdownText } from '../supervisor/format';
import { t } from '../i18n';
import type { CaseRouting } from '../supervisor/types';
import { useUi } from '../ui/dialog';
import type { CaseSummary } from './types';

interface Offer { caseId: string; who: string; preview: string; expiresAt: number | null }

const ACTIVE = 'new,open,pending,escalated';

export function OfferBanner({ myId, trigger, onOpen }: { myId: string | null; trigger: unknown; onOpen: (caseId: string) => void }) {
  const { toast } = useUi();
  const [offers, setOffers] = useState<Offer[]>([]);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!myId) return;
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const page = await api<{ items: CaseSummary[] }>(`/cases?assigneeId=${encodeURIComponent(myId)}&status=${ACTIVE}&limit=50`);
        // Replying accepts an offer, so only cases without an agent's message can still be offers.
        const candidates = page.items.filter((c) => c.outboundCount === 0).slice(0, 10);
        const found: Offer[] = [];
        for (const c of candidates) {
          const r = await api<CaseRouting>(`/cases/${encodeURIComponent(c.id)}/routing`);
          const a = r.assignment;
          if (a?.state === 'offered' && a.agentId === myId) {
            // The expiry is the server's time; a browser clock running behind would show more time
            // than the offer has, so the offer's own start (also server time) bounds "now".
            const lag = Math.max(0, Date.parse(a.offeredAt) - Date.now());
            found.push({ caseId: c.id, who: c.contactName ?? t('inbox.unknownCustomer'), preview: c.preview ?? '', expiresAt: a.offerExpiresAt ? Date.parse(a.offerExpiresAt) - lag : null });
          }
        }
        if (seq.current === mine) { setNow(Date.now()); setOffers(found); }
      } catch { /* the list shows its own errors; the banner just waits for the next change */ }
    }, 250);
    return () => clearTimeout(timer);
  }, [myId, trigger]);

  useEffect(() => {
    if (offers.length === 0) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [offers.length]);

  if (offers.length === 0) return null;
  const accept = async (o: Offer) => {
    setBusy(o.caseId);
    try {
      await api(`/cases/${encodeURIComponent(o.caseId)}/accept`, { method: 'POST' });
      setOffers((list) => list.filter((x) => x.caseId !== o.caseId));
      toast(t('supervisor.accepted'));
      onOpen(o.caseId);
    } catch (err) { toast((err as Error).message, 'danger'); }
    finally { setBusy(null); }
  };
  return (
    <div className="offers" role="region" aria-label={t('supervisor.offerTitle')}>
      {offers.map((o) => {
        const left = o.expiresAt === null ? null : o.expiresAt - now;
        return (
          <div key={o.caseId} className="offer" data-testid="offer" data-case-id={o.caseId}>
            <div className="offer-text">
              <strong>{t('supervisor.offerTitle')}</strong>
              <span className="offer-lead">{t('supervisor.offerLead', { who: o.who, preview: o.preview })}</span>
              {left !== null && (
                <span className="offer-timer" role="timer" aria-live="off">{left > 0 ? t('supervisor.expiresIn', { time: countdownText(left) }) : t('supervisor.offerExpired')}</span>
              )}
            </div>
            <div className="offer-actions">
              <button className="btn btn-sm" onClick={() => onOpen(o.caseId)}>{t('supervisor.open')}</button>
              <button className="btn btn-sm btn-primary" data-testid="accept-offer" disabled={busy === o.caseId || (left !== null && left <= 0)} onClick={() => void accept(o)}>{t('supervisor.accept')}</button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
