// Replay: the saved draft over the last N days of recorded events, next to the published version —
// how often each would have fired, which actions each would have taken, and the events where they
// differ. Nothing is executed.
import { useState } from 'react';
import { api } from '../../api/client';
import type { PlannedAction, ReplayResult, Rule } from '../../api/types';
import { plannedActionText } from '../../graph/summary';
import { readableEventSummary } from '../../ui/event-text';
import { when } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useActionTitle, useCatalogue } from '../catalogue-context';

export function ReplayDrawer({ rule, dirty, onSave, onClose, onDryRun }: {
  rule: Rule; dirty: boolean; onSave: () => Promise<unknown>; onClose: () => void; onDryRun: () => void;
}) {
  const [days, setDays] = useState(7);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useActionTitle();
  const catalogue = useCatalogue();
  // What each side did on an event, with the inputs: two lists of titles alone can look identical.
  const did = (o: { outcome: string; actions: PlannedAction[] } | null) => !o ? '—'
    : o.outcome === 'completed' ? o.actions.map((a) => plannedActionText(a, catalogue)).join(' · ') || 'fires, no action'
      : o.outcome === 'no_match' ? 'does not fire' : 'fails';

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      if (dirty) await onSave();
      setResult(await api<ReplayResult>(`/rules/${rule.id}/replay`, { json: { days } }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const names = result ? [...new Set([...Object.keys(result.draft.actions), ...Object.keys(result.published?.actions ?? {})])].sort() : [];

  return (
    <aside className="side-panel wide" aria-label="Replay">
      <div className="side-head">
        <h2 className="grow">Replay the draft</h2>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close replay" onClick={onClose}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        <p className="help" style={{ marginBottom: 12, fontSize: 13 }}>
          Runs the draft over every event recorded in the period, without executing anything, and compares it with the published version.
        </p>
        <div className="row" style={{ marginBottom: 14 }}>
          <span>Over the last</span>
          <select className="select" style={{ width: 100 }} value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Days">
            {[1, 3, 7, 14, 30].map((d) => <option key={d} value={d}>{d} day{d === 1 ? '' : 's'}</option>)}
          </select>
          <button className="btn btn-primary" disabled={busy} onClick={() => void run()}><Icon name="replay" />{busy ? 'Replaying…' : 'Replay'}</button>
        </div>
        {dirty && <p className="help" style={{ marginBottom: 12 }}>Your unsaved changes are saved to the draft first.</p>}
        {error && <div className="banner danger">{error}</div>}
        {result && (
          <div data-testid="replay-result">
            <p className="muted small" style={{ marginBottom: 10 }}>{result.events} event{result.events === 1 ? '' : 's'} since {when(result.since)}. Nothing was executed.</p>
            <div className="compare" style={{ marginBottom: 14 }}>
              <div className="stat"><div className="n">{result.draft.fired}</div><div className="l">times the draft would fire{result.draft.failed ? ` · ${result.draft.failed} failing` : ''}</div></div>
              <div className="stat"><div className="n">{result.published ? result.published.fired : '—'}</div><div className="l">{result.published ? `times v${result.published.version} fired` : 'not published yet'}</div></div>
            </div>
            {names.length > 0 && (
              <table className="table" style={{ marginBottom: 14 }}>
                <thead><tr><th>Action</th><th>Draft</th><th>{result.published ? `v${result.published.version}` : 'Published'}</th></tr></thead>
                <tbody>
                  {names.map((n) => {
                    const a = result.draft.actions[n] ?? 0;
                    const b = result.published?.actions[n] ?? 0;
                    return <tr key={n}><td>{title(n)}</td><td style={{ fontWeight: a !== b ? 650 : 400 }}>{a}</td><td>{result.published ? b : '—'}</td></tr>;
                  })}
                </tbody>
              </table>
            )}
            <div className="section-title">Where they differ{result.changedCount > result.changed.length ? ` (first ${result.changed.length} of ${result.changedCount})` : ` (${result.changedCount})`}</div>
            {result.changed.length === 0 && <p className="muted small">The draft and the published version behave the same on every event.</p>}
            {result.changed.map((c) => (
              <div className="step-card" key={c.eventId}>
                <h4 className="grow" style={{ fontWeight: 500 }}>{readableEventSummary(c.summary, eventTypeOf(c.summary), catalogue?.triggers)}</h4>
                <div className="muted small" style={{ marginBottom: 8 }}>{when(c.occurredAt)}</div>
                <div className="compare small">
                  <div className="side-by-side draft"><b>Draft</b>{did(c.draft)}</div>
                  <div className="side-by-side"><b>{result.published ? `v${result.published.version}` : 'Published'}</b>{did(c.published)}</div>
                </div>
              </div>
            ))}
            {result.changed.length > 0 && <button className="btn btn-sm" onClick={onDryRun}><Icon name="flask" />Dry-run one of these events</button>}
          </div>
        )}
      </div>
    </aside>
  );
}

/** The API's summaries start with the event type (`message.created · …`). */
const eventTypeOf = (summary: string) => summary.split(' · ')[0];
