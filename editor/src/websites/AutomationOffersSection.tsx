// Offers that automation rules (the rule editor's "Show an offer" action) showed on this site, with
// how they converted: the counterpart of the stats under each Guide rule card.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { RuleSummary } from '../api/types';
import { Link } from '../shell/router';
import type { OfferStat } from './types';

export function AutomationOffersSection({ stats, guideRuleIds }: { stats: OfferStat[]; guideRuleIds: string[] }) {
  const fromRules = stats.filter((s) => !guideRuleIds.includes(s.ruleId));
  // Rule names first, so the table does not flicker from ids to names (a rule deleted since shows its id).
  const [names, setNames] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    if (fromRules.length === 0) return;
    api<{ items: RuleSummary[] }>('/rules').then((r) => setNames(new Map(r.items.map((x) => [x.id, x.name]))), () => setNames(new Map()));
  }, [fromRules.length]);
  if (fromRules.length === 0 || names === null) return null;
  return (
    <section className="card" data-testid="automation-offers">
      <div className="card-head">
        <div className="grow"><h2>Offers from automation rules</h2><p className="help">Shown by rules drawn in the rule editor (“Show an offer”), in the last 30 days.</p></div>
      </div>
      <div className="card-body">
        <table className="table">
          <thead><tr><th>Rule</th><th>Offer</th><th>Shown</th><th>Clicked</th><th>Dismissed</th><th>Clicked %</th></tr></thead>
          <tbody>
            {fromRules.map((s) => (
              <tr key={`${s.ruleId}/${s.offerId}`}>
                <td>{names.has(s.ruleId) ? <Link to={`/rules/${s.ruleId}`}>{names.get(s.ruleId)}</Link> : <code>{s.ruleId}</code>}</td>
                <td><code>{s.offerId}</code></td>
                <td>{s.shown}</td><td>{s.clicked}</td><td>{s.dismissed}</td>
                <td>{s.shown > 0 ? `${Math.round((s.clicked / s.shown) * 100)}%` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
