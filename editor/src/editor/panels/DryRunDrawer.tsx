// Dry-run: pick one of the account's recorded events (or paste one), evaluate the canvas as it is
// now with the same interpreter real runs use, and see the path and the actions that would run
// with their variables resolved. Nothing is executed.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { DryRunResult, RecordedEvent, Rule } from '../../api/types';
import { plannedActionText } from '../../graph/summary';
import type { PathEntry, RuleGraph } from '../../model';
import { readableEventSummary } from '../../ui/event-text';
import { exactTime, ms, pretty, when } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useActionTitle, useCatalogue } from '../catalogue-context';

export function DryRunDrawer({ rule, currentGraph, onClose, onPath, preselect }: {
  rule: Rule; currentGraph: () => RuleGraph; onClose: () => void; onPath: (p: PathEntry[] | null) => void; preselect?: string;
}) {
  const trigger = currentGraph().nodes.find((n) => n.kind === 'trigger');
  const triggerType = trigger?.kind === 'trigger' ? trigger.trigger : null;
  const [tab, setTab] = useState<'recorded' | 'paste'>('recorded');
  const [days, setDays] = useState(7);
  const [onlyTrigger, setOnlyTrigger] = useState(Boolean(triggerType));
  const [events, setEvents] = useState<RecordedEvent[] | null>(null);
  const [eventId, setEventId] = useState<string | null>(preselect ?? null);
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const catalogue = useCatalogue();
  const triggerTitle = catalogue?.triggers.find((t) => t.type === triggerType)?.title;

  useEffect(() => {
    const q = new URLSearchParams({ days: String(days), limit: '100' });
    if (onlyTrigger && triggerType) q.set('type', triggerType);
    api<{ items: RecordedEvent[] }>(`/rule-events?${q}`).then((r) => {
      setEvents(r.items);
      setEventId((cur) => cur ?? r.items[0]?.id ?? null);
    }, (e) => setError((e as Error).message));
  }, [days, onlyTrigger, triggerType]);

  const run = async () => {
    setError(null);
    let body: Record<string, unknown>;
    if (tab === 'paste') {
      try { body = { event: JSON.parse(pasted) }; } catch { setError('The pasted event is not valid JSON.'); return; }
    } else {
      if (!eventId) return;
      body = { eventId };
    }
    setBusy(true);
    try {
      const res = await api<DryRunResult>(`/rules/${rule.id}/dry-run`, { json: { ...body, graph: currentGraph() } });
      setResult(res);
      onPath(res.path);
    } catch (err) {
      const e = err as ApiError;
      setError(e.errors?.length ? `${e.message} ${e.errors.map((x) => `${x.path}: ${x.message}`).join('; ')}` : e.message);
      onPath(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="side-panel wide" aria-label="Dry-run">
      <div className="side-head">
        <h2 className="grow">Dry-run</h2>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close dry-run" onClick={() => { onPath(null); onClose(); }}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        <p className="help" style={{ marginBottom: 12, fontSize: 13 }}>Try the rule as it is on the canvas (unsaved changes included) against a real event. Nothing is sent or changed.</p>
        <div className="tabs">
          <button className={`tab${tab === 'recorded' ? ' on' : ''}`} onClick={() => setTab('recorded')}>Recorded event</button>
          <button className={`tab${tab === 'paste' ? ' on' : ''}`} onClick={() => setTab('paste')}>Paste an event</button>
        </div>
        {tab === 'recorded' ? (
          <>
            <div className="row" style={{ marginBottom: 10 }}>
              <select className="select" style={{ width: 140 }} value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="How far back">
                {[1, 3, 7, 14, 30].map((d) => <option key={d} value={d}>Last {d} day{d === 1 ? '' : 's'}</option>)}
              </select>
              {triggerType && <label className="check small" title={triggerTitle}><input type="checkbox" checked={onlyTrigger} onChange={(e) => setOnlyTrigger(e.target.checked)} />Only events this trigger reacts to</label>}
            </div>
            {events && events.length === 0 && <p className="muted small" style={{ marginBottom: 10 }}>No events recorded in this period. Paste one instead, or send a message on a channel first.</p>}
            <div className="list" style={{ maxHeight: 250, overflowY: 'auto', marginBottom: 12 }} role="listbox" aria-label="Recorded events">
              {events?.map((e) => (
                <button key={e.id} className={`list-item${e.id === eventId ? ' on' : ''}`} onClick={() => setEventId(e.id)} role="option" aria-selected={e.id === eventId} data-event={e.id}>
                  <div className="top"><span className="grow" style={{ fontWeight: 500 }}>{readableEventSummary(e.summary, e.type, catalogue?.triggers)}</span></div>
                  <div className="meta" title={exactTime(e.occurredAt)}>{when(e.occurredAt)}</div>
                </button>
              ))}
            </div>
          </>
        ) : (
          <div className="field">
            <textarea className="textarea code" style={{ minHeight: 180 }} value={pasted} onChange={(e) => setPasted(e.target.value)} aria-label="Event JSON"
              placeholder={'{\n  "type": "message.created",\n  "message": { "direction": "in", "text": "quiero un reembolso" }\n}'} />
            <span className="help">Only <code>type</code> is required; add case, contact, channel or message snapshots as needed.</span>
          </div>
        )}
        <button className="btn btn-primary" onClick={() => void run()} disabled={busy || (tab === 'recorded' ? !eventId : !pasted.trim())}>
          <Icon name="flask" />{busy ? 'Running…' : 'Run dry-run'}
        </button>
        {error && <div className="banner danger" style={{ marginTop: 12 }}>{error}</div>}
        {result && <DryRunOutcome result={result} />}
      </div>
    </aside>
  );
}

const OUTCOME_TEXT = {
  completed: 'The rule would fire',
  no_match: 'The rule would not fire for this event',
  failed: 'The rule would fail',
};

function DryRunOutcome({ result }: { result: DryRunResult }) {
  const title = useActionTitle();
  const catalogue = useCatalogue();
  return (
    <div style={{ marginTop: 16 }} data-testid="dry-run-result">
      <div className="banner ok" style={{ marginBottom: 12 }}><Icon name="check" />Nothing was executed: this is what would happen.</div>
      <h3 style={{ marginBottom: 4 }}>{OUTCOME_TEXT[result.outcome]}</h3>
      {result.error && <p className="field-error">{result.error}</p>}
      <p className="muted small" style={{ marginBottom: 10 }}>{result.path.length} step{result.path.length === 1 ? '' : 's'} on the path, highlighted on the canvas.</p>
      {result.delays.length > 0 && <p className="small" style={{ marginBottom: 10 }}>Waits: {result.delays.map((d) => `${d.nodeId} ${ms(d.ms)}`).join(', ')}</p>}
      <div className="section-title">Actions that would run</div>
      {result.actions.length === 0 && <p className="muted small">None.</p>}
      {result.actions.map((a, i) => (
        <div className="step-card" key={i}>
          <h4><span title={title(a.name)}>{plannedActionText(a, catalogue)}</span><span className="spacer" /><code className="node-id">{a.nodeId}</code></h4>
          <pre className="json">{pretty(a.input)}</pre>
        </div>
      ))}
    </div>
  );
}
