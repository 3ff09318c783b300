// Run history: each run of the rule with its status, version, start and duration. Selecting one
// shows its version on the canvas with the path it took (taken nodes outlined, edges animated,
// the rest dimmed) and lists each action's resolved input, output or error and timings.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Rule, RuleRun, RuleRunDetail, RuleVersion } from '../../api/types';
import { graphToFlow } from '../../graph/convert';
import { decorateWithPath } from '../../graph/run-path';
import { checkDetailText, nodeSummary, plannedActionText } from '../../graph/summary';
import type { RuleGraph } from '../../model';
import { useUi } from '../../ui/dialog';
import { readableEventSummary } from '../../ui/event-text';
import { exactTime, ms, outcomeLabel, pretty, RUN_STATUS, when } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useActionTitle, useCatalogue } from '../catalogue-context';
import type { CanvasView } from '../canvas-view';

export function RunsDrawer({ rule, onClose, onView }: { rule: Rule; onClose: () => void; onView: (v: CanvasView | null) => void }) {
  const ui = useUi();
  const [runs, setRuns] = useState<RuleRun[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<{ run: RuleRunDetail; graph: RuleGraph } | null>(null);
  const graphs = useRef(new Map<number, RuleGraph>());

  const load = useCallback(async () => {
    try {
      setRuns((await api<{ items: RuleRun[] }>(`/rules/${rule.id}/runs?limit=50`)).items);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [rule.id]);

  // New runs appear while the drawer is open.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 4000);
    return () => clearInterval(timer);
  }, [load]);

  const open = async (run: RuleRun) => {
    try {
      const detail = await api<RuleRunDetail>(`/rule-runs/${run.id}`);
      let graph = graphs.current.get(detail.version);
      if (!graph) {
        graph = (await api<RuleVersion & { graph: RuleGraph }>(`/rules/${rule.id}/versions/${detail.version}`)).graph;
        graphs.current.set(detail.version, graph);
      }
      const flow = graphToFlow(graph);
      const shown = decorateWithPath(flow.nodes.map((n) => ({ ...n, draggable: false, data: { ...n.data, readOnly: true } })), flow.edges, detail.path);
      setChosen({ run: detail, graph });
      const status = (RUN_STATUS[detail.status]?.label ?? detail.status).toLowerCase();
      onView({ kind: 'run', title: `Run of ${when(detail.startedAt)} on v${detail.version} (${status}): the highlighted path is what happened`, ...shown });
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  return (
    <aside className="side-panel wide" aria-label="Runs">
      <div className="side-head">
        <h2 className="grow">Runs</h2>
        <button className="btn btn-ghost btn-sm" onClick={() => void load()}>Refresh</button>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close runs" onClick={() => { onView(null); onClose(); }}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        {error && <div className="banner danger">{error}</div>}
        {runs && runs.length === 0 && (
          <div className="empty"><h3>No runs yet</h3><p>{rule.activeVersion ? 'Runs appear here as events arrive that this rule reacts to.' : 'Publish the rule: it runs from then on.'}</p></div>
        )}
        {chosen && <RunDetail run={chosen.run} graph={chosen.graph} onBack={() => { setChosen(null); onView(null); }} />}
        {!chosen && runs && runs.length > 0 && (
          <div className="list">
            {runs.map((r) => {
              const s = RUN_STATUS[r.status] ?? { label: r.status, tone: '' };
              return (
                <button key={r.id} className={`list-item${r.status === 'failed' ? ' failed' : ''}`} onClick={() => void open(r)} data-run={r.id}>
                  <div className="top">
                    <span className={`chip ${s.tone}`}><span className="dot" />{s.label}</span>
                    <span className="chip">v{r.version}</span>
                    <span className="spacer" />
                    <span className="muted small" title={exactTime(r.startedAt)}>{when(r.startedAt)}</span>
                  </div>
                  {r.error && <div className="run-error-line"><Icon name="alert" size={13} style={{ flex: 'none', marginTop: 2 }} />{r.error}</div>}
                  <div className="meta">
                    {r.durationMs != null ? `Took ${ms(r.durationMs)}` : 'Still running'}
                    {` · ${r.path.length} step${r.path.length === 1 ? '' : 's'} on the path`}
                    {r.caseId && <> · case <code>{r.caseId}</code></>}
                  </div>
                </button>
              );
            })}
          </div>
        )}
      </div>
    </aside>
  );
}

function RunDetail({ run, graph, onBack }: { run: RuleRunDetail; graph: RuleGraph; onBack: () => void }) {
  const s = RUN_STATUS[run.status] ?? { label: run.status, tone: '' };
  const title = useActionTitle();
  const catalogue = useCatalogue();
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const failing = run.steps.find((step) => step.error);
  const eventType = typeof run.event?.type === 'string' ? run.event.type : '';
  return (
    <div data-testid="run-detail">
      <button className="btn btn-ghost btn-sm" onClick={onBack} style={{ marginBottom: 10 }}><Icon name="back" />All runs</button>
      <div className="row" style={{ marginBottom: 10 }}>
        <span className={`chip ${s.tone}`}><span className="dot" />{s.label}</span>
        <span className="chip">v{run.version}</span>
        <span className="spacer" />
        <span className="muted small" title={exactTime(run.startedAt)}>{when(run.startedAt)}</span>
      </div>
      {run.error && (
        <div className="banner danger" role="alert" data-testid="run-error" style={{ marginBottom: 14 }}>
          <Icon name="alert" style={{ flex: 'none', marginTop: 2 }} />
          <div>
            <b>{failing ? `${title(failing.name)} failed${failing.attempts && failing.attempts > 1 ? ` after ${failing.attempts} attempts` : ''}` : 'The run failed'}</b>
            <div>{run.error}</div>
          </div>
        </div>
      )}
      <dl className="kv" style={{ marginBottom: 14 }}>
        {run.eventSummary && <><dt>Event</dt><dd>{readableEventSummary(run.eventSummary, eventType, catalogue?.triggers)}</dd></>}
        <dt>Started</dt><dd>{exactTime(run.startedAt)}</dd>
        <dt>Duration</dt><dd>{run.durationMs != null ? ms(run.durationMs) : 'still running'}</dd>
        {run.caseId && <><dt>Case</dt><dd><code>{run.caseId}</code></dd></>}
        <dt>Run id</dt><dd><code className="muted">{run.id}</code></dd>
        {run.historyDeletedAt && <><dt>Privacy</dt><dd data-testid="run-history-deleted">Text in this run was masked or deleted; its workflow history was deleted {exactTime(run.historyDeletedAt)}</dd></>}
      </dl>
      <div className="section-title">Path</div>
      <ol className="path-list">
        {run.path.map((p, i) => {
          const node = nodes.get(p.nodeId);
          const o = outcomeLabel(p.outcome);
          return (
            <li key={i}>
              <span className="grow">{node ? (node.label || nodeSummary(node, catalogue)) : p.nodeId} <code className="node-id">{p.nodeId}</code>
                {p.detail && p.outcome !== 'error' && <div className="muted small">{checkDetailText(p.detail, catalogue?.fields)}</div>}</span>
              <span className={`chip ${o.tone}`}>{o.label}</span>
            </li>
          );
        })}
      </ol>
      <div className="section-title">Actions</div>
      {run.steps.length === 0 && <p className="muted small">No action ran.</p>}
      {run.steps.map((step, i) => (
        <div key={i} className={`step-card${step.error ? ' error' : ''}`}>
          <h4><span title={title(step.name)}>{plannedActionText(step, catalogue)}</span> <code className="node-id">{step.nodeId}</code><span className="spacer" /><span className={`chip ${step.error ? 'danger' : 'ok'}`}>{step.error ? 'Failed' : 'Done'}</span></h4>
          <div className="muted small" style={{ marginBottom: 6 }}>
            {ms(step.finishedAt - step.startedAt)}{step.attempts && step.attempts > 1 ? ` · ${step.attempts} attempts` : ''} · {exactTime(step.startedAt)}
          </div>
          {step.error && <div className="field-error" style={{ marginBottom: 8, fontSize: 12.5 }}>{step.error}</div>}
          <div className="small" style={{ fontWeight: 600, marginBottom: 4 }}>Input (variables resolved)</div>
          <pre className="json">{pretty(step.input)}</pre>
          {!step.error && step.output !== undefined && <><div className="small" style={{ fontWeight: 600, margin: '8px 0 4px' }}>Output</div><pre className="json">{pretty(step.output)}</pre></>}
        </div>
      ))}
    </div>
  );
}
