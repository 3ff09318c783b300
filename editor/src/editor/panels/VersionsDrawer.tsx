// Versions: every published version (who, when, note, rollbacks), any two compared — on the canvas
// (added green, removed red, changed amber with the fields) and as a JSON line diff — and a
// rollback that publishes an older version again.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Rule, RuleVersion } from '../../api/types';
import { changeText, diffCanvas, nodeChanges, type NodeChanges } from '../../graph/diff-view';
import { nodeSummary } from '../../graph/summary';
import { graphToFlow } from '../../graph/convert';
import { stableStringify, type RuleGraph } from '../../model';
import { useSession } from '../../shell/session';
import { useUi } from '../../ui/dialog';
import { exactTime, when } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useCatalogue } from '../catalogue-context';
import type { CanvasView } from '../canvas-view';
import { JsonDiffDialog } from './JsonDiffDialog';

type Ref = number | 'draft';

export function VersionsDrawer({ rule, editable, currentGraph, dirty, onClose, onView, onRolledBack }: {
  rule: Rule; editable: boolean; currentGraph: () => RuleGraph; dirty: boolean; onClose: () => void;
  onView: (v: CanvasView | null) => void; onRolledBack: () => Promise<void>;
}) {
  const ui = useUi();
  const { me } = useSession();
  const [versions, setVersions] = useState<RuleVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<Ref | null>(null);
  const [to, setTo] = useState<Ref | null>(null);
  const [changes, setChanges] = useState<NodeChanges | null>(null);
  // What each node of the compared graphs does, so the change list speaks of nodes in words.
  const [names, setNames] = useState<Record<string, string>>({});
  const catalogue = useCatalogue();
  /** Later graphs win: a changed node is named as it is now. */
  const nameNodes = (...graphs: RuleGraph[]) => setNames(Object.fromEntries(graphs.flatMap((g) => g.nodes.map((n) => [n.id, n.label || nodeSummary(n, catalogue)]))));
  const [jsonDiff, setJsonDiff] = useState<{ from: string; to: string; title: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ items: RuleVersion[] }>(`/rules/${rule.id}/versions`);
      setVersions(res.items);
      setChanges(null);
      const [latest, previous] = res.items;
      if (latest) {
        const draftDiffers = rule.hasUnpublishedChanges || dirty;
        setTo(draftDiffers || !previous ? 'draft' : latest.version);
        setFrom(draftDiffers || !previous ? latest.version : previous.version);
      }
    } catch (err) {
      setError((err as Error).message);
    }
  }, [rule.id, rule.hasUnpublishedChanges, dirty]);
  useEffect(() => { void load(); }, [load, rule.activeVersion]);

  const graphOf = async (ref: Ref): Promise<RuleGraph> => {
    if (ref === 'draft') return currentGraph();
    const v = await api<RuleVersion & { graph: RuleGraph }>(`/rules/${rule.id}/versions/${ref}`);
    return v.graph;
  };
  const name = (ref: Ref) => (ref === 'draft' ? (dirty ? 'your draft' : 'the draft') : `v${ref}`);

  const showDiff = async () => {
    if (from === null || to === null) return;
    try {
      const [a, b] = await Promise.all([graphOf(from), graphOf(to)]);
      const view = diffCanvas(a, b);
      nameNodes(a, b);
      setChanges(view.changes);
      onView({ kind: 'diff', title: `Comparing ${name(from)} → ${name(to)}: green added, amber changed, red removed`, nodes: view.nodes, edges: view.edges });
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const showJson = async () => {
    if (from === null || to === null) return;
    const title = `${name(from)} → ${name(to)}`;
    try {
      if ((from === 'draft' || to === 'draft') && dirty) {
        // Unsaved changes are only in the browser: compare them here, the same way the API does.
        const [a, b] = await Promise.all([graphOf(from), graphOf(to)]);
        setJsonDiff({ title, from: stableStringify(a), to: stableStringify(b) });
      } else {
        const res = await api<{ json: { from: string; to: string } }>(`/rules/${rule.id}/diff?from=${from}&to=${to}`);
        setJsonDiff({ title, ...res.json });
      }
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const view = async (v: RuleVersion) => {
    try {
      const g = await graphOf(v.version);
      const flow = graphToFlow(g);
      onView({ kind: 'version', title: `Version ${v.version} (read only)`, nodes: flow.nodes.map((n) => ({ ...n, draggable: false, data: { ...n.data, readOnly: true } })), edges: flow.edges });
      const current = currentGraph();
      nameNodes(current, g);
      setChanges(nodeChanges(current, g));
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const rollback = async (v: RuleVersion) => {
    const ok = await ui.confirm({
      title: `Roll back to version ${v.version}?`,
      body: <p>Version {v.version} is published again as version {(versions?.[0]?.version ?? 0) + 1} and runs for new events. It also becomes the draft{dirty ? ': your unsaved changes are discarded' : ''}.</p>,
      confirm: `Roll back to v${v.version}`, danger: true,
    });
    if (!ok) return;
    try {
      const res = await api<{ version: RuleVersion }>(`/rules/${rule.id}/rollback`, { json: { version: v.version } });
      ui.toast(`Rolled back: v${res.version.version} is live (a copy of v${v.version})`);
      await onRolledBack();
      await load();
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const refs: Ref[] = ['draft', ...(versions ?? []).map((v) => v.version)];
  const by = (id: string | null) => (!id ? '—' : id === me?.user?.id || id === me?.keyId ? 'you' : id);

  return (
    <aside className="side-panel wide" aria-label="Versions">
      <div className="side-head">
        <h2 className="grow">Versions</h2>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close versions" onClick={() => { onView(null); onClose(); }}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        {error && <div className="banner danger">{error}</div>}
        {versions && versions.length === 0 && <div className="empty"><h3>Not published yet</h3><p>Publish the draft to create version 1.</p></div>}
        {versions && versions.length > 0 && (
          <>
            <div className="section-title" style={{ marginTop: 0 }}>Compare</div>
            <div className="row" style={{ marginBottom: 10 }}>
              <select className="select" aria-label="Compare from" value={String(from)} onChange={(e) => setFrom(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
                {refs.map((r) => <option key={r} value={r}>{r === 'draft' ? 'Draft' : `v${r}`}</option>)}
              </select>
              <span className="muted">→</span>
              <select className="select" aria-label="Compare to" value={String(to)} onChange={(e) => setTo(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
                {refs.map((r) => <option key={r} value={r}>{r === 'draft' ? 'Draft' : `v${r}`}</option>)}
              </select>
            </div>
            <div className="row" style={{ marginBottom: 12 }}>
              <button className="btn btn-sm" onClick={() => void showDiff()} disabled={from === to}><Icon name="compare" />Show on canvas</button>
              <button className="btn btn-sm" onClick={() => void showJson()} disabled={from === to}>JSON diff</button>
            </div>
            {changes && <ChangeList changes={changes} names={names} />}

            <div className="section-title">History</div>
            <div className="list">
              {versions.map((v) => {
                const active = v.version === rule.activeVersion;
                return (
                  <div key={v.version} className="list-item" style={{ cursor: 'default' }} data-version={v.version}>
                    <div className="top">
                      <b>v{v.version}</b>
                      {active ? <span className="chip ok"><span className="dot" />Live</span> : <span className="chip">Archived</span>}
                      {v.rolledBackFrom != null && <span className="chip warn">Rollback of v{v.rolledBackFrom}</span>}
                      <span className="spacer" />
                      <button className="btn btn-ghost btn-sm" onClick={() => void view(v)}>View</button>
                      {editable && !active && <button className="btn btn-sm" onClick={() => void rollback(v)}>Roll back</button>}
                    </div>
                    <div className="meta" title={exactTime(v.publishedAt)}>Published {when(v.publishedAt)} by {by(v.publishedBy)}</div>
                    {v.note && <div style={{ marginTop: 4 }}>{v.note}</div>}
                  </div>
                );
              })}
            </div>
          </>
        )}
      </div>
      {jsonDiff && <JsonDiffDialog title={`JSON diff: ${jsonDiff.title}`} from={jsonDiff.from} to={jsonDiff.to} onClose={() => setJsonDiff(null)} />}
    </aside>
  );
}

function ChangeList({ changes, names }: { changes: NodeChanges; names: Record<string, string> }) {
  const none = !changes.added.length && !changes.removed.length && !changes.changed.length;
  if (none) return <p className="muted small">No node changed (positions aside).</p>;
  const what = (id: string) => <><span>{names[id] ?? id}</span> <code className="node-id">{id}</code></>;
  return (
    <ul className="change-list" data-testid="change-list">
      {changes.added.map((id) => <li key={`a${id}`}><span className="chip ok">Added</span><span className="grow">{what(id)}</span></li>)}
      {changes.changed.map((c) => (
        <li key={`c${c.id}`}><span className="chip warn">Changed</span>
          <span className="grow">{what(c.id)}<span className="muted small" style={{ display: 'block' }}>{c.fields.map(changeText).join(' · ')}</span></span></li>
      ))}
      {changes.removed.map((id) => <li key={`r${id}`}><span className="chip danger">Removed</span><span className="grow">{what(id)}</span></li>)}
    </ul>
  );
}
