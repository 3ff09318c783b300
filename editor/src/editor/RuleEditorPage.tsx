// The rule editor: palette (left), React Flow canvas (centre), the selected node's configuration or
// a drawer (right: versions, runs, dry-run, replay). Admins edit; supervisors read. Loaded lazily.
import '@xyflow/react/dist/style.css';
import {
  Background, BackgroundVariant, Controls, MiniMap, Panel, ReactFlow, ReactFlowProvider, applyEdgeChanges, applyNodeChanges, useReactFlow,
  type Connection, type EdgeChange, type FinalConnectionState, type IsValidConnection, type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { api, ApiError, downloadJson } from '../api/client';
import type { Catalogue, Rule, RuleIssue } from '../api/types';
import { checkConnection } from '../graph/connections';
import { flowToGraph, graphToFlow, toFlowNode } from '../graph/convert';
import { NEXT_HANDLE, type FlowEdge, type FlowNode, type RuleNodeBody } from '../graph/flow-types';
import { edgeIdFor, newNodeId } from '../graph/ids';
import { decorateWithIssues, fieldOf, issuesByNode, issueText } from '../graph/issues';
import { layoutNodes } from '../graph/layout';
import { createNode, DND_TYPE, parsePaletteItem, type PaletteItem } from '../graph/node-factory';
import { decorateWithPath } from '../graph/run-path';
import { nodeTypeTitle } from '../graph/summary';
import { variablesForNode } from '../graph/variables';
import { stableStringify, type PathEntry, type RuleGraph } from '../model';
import { slug } from '../rules/RulesPage';
import { Link, navigate } from '../shell/router';
import { can, useSession } from '../shell/session';
import { Dialog, useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { CatalogueContext } from './catalogue-context';
import { KIND_HEX } from './kinds';
import { nodeTypes } from './nodes/RuleNodeCard';
import { Palette } from './Palette';
import { DryRunDrawer } from './panels/DryRunDrawer';
import { NodePanel } from './panels/NodePanel';
import { ReplayDrawer } from './panels/ReplayDrawer';
import { RulePanel } from './panels/RulePanel';
import { RunsDrawer } from './panels/RunsDrawer';
import { VersionsDrawer } from './panels/VersionsDrawer';
import type { CanvasView, Drawer } from './canvas-view';
import { useCanvas, type Canvas } from './use-canvas';
import { useShortcuts } from './use-shortcuts';


export default function RuleEditorPage({ ruleId }: { ruleId: string }) {
  const [rule, setRule] = useState<Rule | null>(null);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRule(null);
    // People, appointment services, campaigns and channels by name on the cards ("Assign to Ana Ruiz",
    // "Start campaign Renovación plan"); the editor works without these lists.
    const namesOf = (path: string) => api<{ items: { id: string; name: string }[] }>(path)
      .then((r) => Object.fromEntries(r.items.map((x) => [x.id, x.name])) as Record<string, string>, () => ({}));
    Promise.all([api<Rule>(`/rules/${ruleId}`), api<Catalogue>('/rules/catalogue'), namesOf('/users'), namesOf('/appointment-services'), namesOf('/campaigns?limit=200'), namesOf('/channels?limit=200')])
      .then(([r, c, people, services, campaigns, channels]) => { setRule(r); setCatalogue({ ...c, people, services, campaigns, channels }); }, (e) => setError((e as Error).message));
  }, [ruleId]);
  if (error) {
    return <div className="page"><Link to="/rules">← Rules</Link><div className="banner danger" style={{ marginTop: 16 }}>{error}</div></div>;
  }
  if (!rule || !catalogue) return <div className="empty">Opening the rule…</div>;
  return (
    <CatalogueContext.Provider value={catalogue}>
      <ReactFlowProvider>
        <RuleEditor key={rule.id} initialRule={rule} catalogue={catalogue} />
      </ReactFlowProvider>
    </CatalogueContext.Provider>
  );
}

const NODE_WIDTH = 264;

function RuleEditor({ initialRule, catalogue }: { initialRule: Rule; catalogue: Catalogue }) {
  const { me } = useSession();
  const ui = useUi();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const editable = can.editRules(me?.role);
  const [rule, setRule] = useState<Rule>(initialRule);
  const initial = useMemo(() => graphToFlow(initialRule.draft), [initialRule]);
  const { canvas, ref, commit, apply, record, undo, redo, reset, canUndo, canRedo } = useCanvas(initial);
  const [savedJson, setSavedJson] = useState(() => stableStringify(flowToGraph(initial.nodes, initial.edges)));
  const [issues, setIssues] = useState<RuleIssue[]>([]);
  const [issuesOpen, setIssuesOpen] = useState(true);
  const [drawer, setDrawer] = useState<Drawer>(null);
  const [view, setView] = useState<CanvasView | null>(null);
  const [dryPath, setDryPath] = useState<PathEntry[] | null>(null);
  const [busy, setBusy] = useState<'save' | 'validate' | 'publish' | null>(null);
  const [publishing, setPublishing] = useState(false);

  const graph = useCallback((): RuleGraph => flowToGraph(ref.current.nodes, ref.current.edges), [ref]);
  const dirty = useMemo(() => stableStringify(flowToGraph(canvas.nodes, canvas.edges)) !== savedJson, [canvas, savedJson]);
  const hasTrigger = canvas.nodes.some((n) => n.data.rule.kind === 'trigger');
  const selected = canvas.nodes.filter((n) => n.selected);
  const selectedNode = !view && selected.length === 1 ? selected[0] : null;

  // ---- what the canvas shows ----------------------------------------------------------------
  const display = useMemo(() => {
    if (view) return { nodes: view.nodes, edges: view.edges };
    let nodes = decorateWithIssues(canvas.nodes, issues);
    if (!editable) nodes = nodes.map((n) => ({ ...n, data: { ...n.data, readOnly: true } }));
    return decorateWithPath(nodes, canvas.edges, dryPath);
  }, [view, canvas, issues, dryPath, editable]);

  // A run, a version or a diff is shown whole; back on the draft, the draft is.
  const viewKey = view ? `${view.kind}:${view.title}` : 'draft';
  const lastViewKey = useRef(viewKey);
  const flowRef = useRef(flow);
  flowRef.current = flow;
  useEffect(() => {
    if (lastViewKey.current === viewKey) return;
    lastViewKey.current = viewKey;
    const timer = setTimeout(() => void flowRef.current.fitView({ duration: 250, padding: 0.2, maxZoom: 1 }), 60);
    return () => clearTimeout(timer);
  }, [viewKey]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  /** An edit: recorded for undo; a dry-run's path no longer matches the canvas, so it goes. */
  const edit = useCallback((next: Canvas, coalesce: string | null = null) => {
    commit(next, coalesce);
    setDryPath(null);
  }, [commit]);

  // ---- React Flow callbacks -------------------------------------------------------------------
  // A deletion React Flow applies arrives as node and edge removals (then, later, onDelete). It
  // becomes one undo step as soon as it is seen: an undo pressed right after must undo the deletion,
  // not the step before it.
  const pendingDeletion = useRef(false);
  const flushDeletion = useCallback(() => {
    if (!pendingDeletion.current) return;
    pendingDeletion.current = false;
    record();
    setDryPath(null);
  }, [record]);
  const noteRemovals = useCallback((changes: { type: string }[]) => {
    if (!changes.some((c) => c.type === 'remove')) return;
    pendingDeletion.current = true;
    queueMicrotask(flushDeletion);
  }, [flushDeletion]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    if (view) {
      setView((v) => (v ? { ...v, nodes: applyNodeChanges(changes.filter((c) => c.type === 'select' || c.type === 'dimensions'), v.nodes) } : v));
      return;
    }
    const allowed = editable ? changes : changes.filter((c) => c.type === 'select' || c.type === 'dimensions');
    apply({ ...ref.current, nodes: applyNodeChanges(allowed, ref.current.nodes) });
    noteRemovals(allowed);
  }, [apply, ref, editable, view, noteRemovals]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    if (view) return;
    const allowed = editable ? changes : changes.filter((c) => c.type === 'select');
    apply({ ...ref.current, edges: applyEdgeChanges(allowed, ref.current.edges) });
    noteRemovals(allowed);
  }, [apply, ref, editable, view, noteRemovals]);

  // Removals were recorded already (see noteRemovals); this only makes sure.
  const onDelete = flushDeletion;

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (c) => checkConnection(c, ref.current.nodes, ref.current.edges).ok, [ref]);

  const onConnect = useCallback((c: Connection) => {
    const check = checkConnection(c, ref.current.nodes, ref.current.edges);
    if (!check.ok) { ui.toast(check.reason, 'danger'); return; }
    const handle = c.sourceHandle ?? NEXT_HANDLE;
    const edge: FlowEdge = { id: edgeIdFor(c.source, handle, c.target), source: c.source, target: c.target, sourceHandle: handle, targetHandle: null };
    edit({ ...ref.current, edges: [...ref.current.edges, edge] });
  }, [edit, ref, ui]);

  const onConnectEnd = useCallback((_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.toNode || !state.fromNode) return;
    const check = checkConnection({ source: state.fromNode.id, sourceHandle: state.fromHandle?.id ?? null, target: state.toNode.id }, ref.current.nodes, ref.current.edges);
    if (!check.ok) ui.toast(check.reason, 'danger');
  }, [ref, ui]);

  const onNodeDragStop = useCallback(() => record(), [record]);

  // ---- adding nodes ---------------------------------------------------------------------------
  const addNode = useCallback((item: PaletteItem, at?: { x: number; y: number }) => {
    if (!editable || view) return;
    const nodes = ref.current.nodes;
    if (item.kind === 'trigger' && nodes.some((n) => n.data.rule.kind === 'trigger')) {
      ui.toast('A rule has one trigger: change it in the trigger’s panel.', 'danger');
      return;
    }
    const anchor = nodes.filter((n) => n.selected).length === 1 ? nodes.find((n) => n.selected)! : null;
    let position = at;
    if (!position) {
      if (anchor) position = { x: anchor.position.x, y: anchor.position.y + (anchor.measured?.height ?? 90) + 70 };
      else {
        const bottom = nodes.reduce((max, n) => Math.max(max, n.position.y + (n.measured?.height ?? 90)), -Infinity);
        position = nodes.length ? { x: nodes[nodes.length - 1].position.x, y: bottom + 70 } : flow.screenToFlowPosition({ x: window.innerWidth / 2 - NODE_WIDTH / 2, y: 160 });
      }
    }
    const id = newNodeId(item.kind, nodes.map((n) => n.id));
    const node = toFlowNode(createNode(item, id, position, catalogue), { selected: true });
    let edges = ref.current.edges;
    // Clicking an item with one node selected adds it below that node, connected.
    if (!at && anchor && item.kind !== 'trigger' && ['trigger', 'condition', 'delay', 'action', 'step'].includes(anchor.data.rule.kind)) {
      edges = [...edges, { id: edgeIdFor(anchor.id, NEXT_HANDLE, id), source: anchor.id, target: id, sourceHandle: NEXT_HANDLE, targetHandle: null }];
    }
    edit({ nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], edges });
  }, [catalogue, edit, editable, flow, ref, ui, view]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const item = parsePaletteItem(e.dataTransfer.getData(DND_TYPE));
    if (!item) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(item, { x: p.x - NODE_WIDTH / 2, y: p.y - 30 });
  }, [addNode, flow]);

  // ---- node edits -----------------------------------------------------------------------------
  const changeNode = useCallback((next: RuleNodeBody, coalesce?: string) => {
    const nodes = ref.current.nodes.map((n) => (n.id === next.id ? { ...n, data: { ...n.data, rule: next } } : n));
    // A switch that lost a case loses the edges of that case's handle.
    let edges = ref.current.edges;
    if (next.kind === 'switch') {
      const handles = new Set([...next.cases.map((c) => c.id), 'default']);
      edges = edges.filter((e) => e.source !== next.id || handles.has(e.sourceHandle ?? NEXT_HANDLE));
    }
    edit({ nodes, edges }, coalesce ? `${next.id}:${coalesce}` : null);
    // The problem reported on a field goes once the field is edited (the next check tells again).
    if (coalesce) setIssues((list) => list.filter((i) => i.nodeId !== next.id || !fieldOf(i) || !(fieldOf(i) === coalesce || fieldOf(i).startsWith(`${coalesce}.`))));
  }, [edit, ref]);

  const deleteSelected = useCallback(() => {
    const doomed = new Set(ref.current.nodes.filter((n) => n.selected && n.data.rule.kind !== 'trigger').map((n) => n.id));
    const edgeDoomed = new Set(ref.current.edges.filter((e) => e.selected).map((e) => e.id));
    if (!doomed.size && !edgeDoomed.size) return;
    edit({
      nodes: ref.current.nodes.filter((n) => !doomed.has(n.id)),
      edges: ref.current.edges.filter((e) => !edgeDoomed.has(e.id) && !doomed.has(e.source) && !doomed.has(e.target)),
    });
  }, [edit, ref]);

  const focusNode = useCallback((id: string) => {
    if (view) setView(null);
    apply({ ...ref.current, nodes: ref.current.nodes.map((n) => ({ ...n, selected: n.id === id })) });
    setDrawer(null);
    requestAnimationFrame(() => void flow.fitView({ nodes: [{ id }], duration: 350, maxZoom: 1.1, padding: 0.6 }));
  }, [apply, flow, ref, view]);

  const autoLayout = useCallback(() => {
    edit({ ...ref.current, nodes: layoutNodes(ref.current.nodes, ref.current.edges) });
    requestAnimationFrame(() => void flow.fitView({ duration: 350, padding: 0.2, maxZoom: 1 }));
  }, [edit, flow, ref]);

  // ---- keyboard ---------------------------------------------------------------------------
  useShortcuts({
    canvas: ref, editable: editable && !view, edit,
    undo: () => { flushDeletion(); undo(); setDryPath(null); },
    redo: () => { flushDeletion(); redo(); setDryPath(null); },
    copied: (n) => ui.toast(`Copied ${n} node${n === 1 ? '' : 's'}`),
  });

  // ---- saving, validating, publishing -------------------------------------------------------
  const saveDraft = useCallback(async (quiet = false): Promise<RuleIssue[] | null> => {
    setBusy('save');
    const g = graph();
    try {
      const res = await api<{ rule: Rule; issues: RuleIssue[] }>(`/rules/${rule.id}/draft`, { method: 'PUT', json: { graph: g } });
      setRule(res.rule);
      setSavedJson(stableStringify(g));
      setIssues(res.issues);
      setIssuesOpen(true);
      if (!quiet) ui.toast(res.issues.length ? `Draft saved · ${res.issues.length} problem${res.issues.length === 1 ? '' : 's'} to fix before publishing` : 'Draft saved');
      return res.issues;
    } catch (err) {
      const e = err as ApiError;
      if (e.errors?.length) setIssues(e.errors);
      ui.toast(e.message, 'danger');
      return null;
    } finally {
      setBusy(null);
    }
  }, [graph, rule.id, ui]);

  const validate = useCallback(async () => {
    setBusy('validate');
    try {
      const res = await api<{ ok: boolean; issues: RuleIssue[] }>('/rules/validate', { json: { graph: graph() } });
      setIssues(res.issues);
      setIssuesOpen(true);
      ui.toast(res.ok ? 'No problems found: ready to publish' : `${res.issues.length} problem${res.issues.length === 1 ? '' : 's'} to fix`, res.ok ? undefined : 'danger');
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    } finally {
      setBusy(null);
    }
  }, [graph, ui]);

  const publish = useCallback(async (note: string) => {
    if (dirty) {
      const saved = await saveDraft(true);
      if (saved === null) return;
    }
    setBusy('publish');
    try {
      const res = await api<{ rule: Rule; version: { version: number } }>(`/rules/${rule.id}/publish`, { json: note.trim() ? { note: note.trim() } : {} });
      setRule(res.rule);
      setIssues([]);
      setPublishing(false);
      ui.toast(`Published version ${res.version.version}: it runs from now on`);
    } catch (err) {
      const e = err as ApiError;
      setPublishing(false);
      if (e.errors?.length) { setIssues(e.errors); setIssuesOpen(true); }
      ui.toast(e.errors?.length ? `Not published: ${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} to fix first` : e.message, 'danger');
    } finally {
      setBusy(null);
    }
  }, [dirty, rule.id, saveDraft, ui]);

  const exportRule = useCallback(async () => {
    try {
      downloadJson(`${slug(rule.name)}.rule.json`, await api<unknown>(`/rules/${rule.id}/export`));
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  }, [rule, ui]);

  /** After a rollback: the rolled-back version is the draft now. */
  const reloadDraft = useCallback(async () => {
    const fresh = await api<Rule>(`/rules/${rule.id}`);
    setRule(fresh);
    const next = graphToFlow(fresh.draft);
    reset(next);
    setSavedJson(stableStringify(flowToGraph(next.nodes, next.edges)));
    setIssues([]);
    setView(null);
    setDryPath(null);
  }, [reset, rule.id]);

  const openDrawer = (d: Drawer) => {
    setDrawer((cur) => (cur === d ? null : d));
    setView(null);
    setDryPath(null);
  };

  const leave = async () => {
    if (dirty && !(await ui.confirm({ title: 'Leave without saving?', body: <p>Your changes to the draft are not saved.</p>, confirm: 'Leave', danger: true }))) return;
    navigate('/rules');
  };

  // ---- layout ---------------------------------------------------------------------------------
  const nodeName = (id: string) => {
    const n = canvas.nodes.find((x) => x.id === id);
    return n ? nodeTypeTitle(n.data.rule, catalogue) : id;
  };
  const triggerId = canvas.nodes.find((n) => n.data.rule.kind === 'trigger')?.id;
  const nodeIssues = selectedNode ? issuesByNode(issues).get(selectedNode.id) ?? [] : [];
  const graphIssues = issues.filter((i) => !i.nodeId);
  const upToDate = rule.activeVersion != null && !rule.hasUnpublishedChanges && !dirty;
  const status = rule.activeVersion == null
    ? <span className="chip warn"><span className="dot" />Draft · never published</span>
    : rule.hasUnpublishedChanges || dirty
      ? <span className="chip accent"><span className="dot" />v{rule.activeVersion} live · unpublished changes</span>
      : <span className="chip ok"><span className="dot" />v{rule.activeVersion} live</span>;

  let side: ReactNode;
  if (drawer === 'versions') side = <VersionsDrawer rule={rule} editable={editable} currentGraph={graph} dirty={dirty} onClose={() => openDrawer(null)} onView={setView} onRolledBack={reloadDraft} />;
  else if (drawer === 'runs') side = <RunsDrawer rule={rule} onClose={() => openDrawer(null)} onView={setView} />;
  else if (drawer === 'dry-run') side = <DryRunDrawer rule={rule} currentGraph={graph} onClose={() => openDrawer(null)} onPath={setDryPath} />;
  else if (drawer === 'replay') side = <ReplayDrawer rule={rule} dirty={dirty} onSave={() => saveDraft(true)} onClose={() => openDrawer(null)} onDryRun={() => openDrawer('dry-run')} />;
  else if (selectedNode) {
    side = (
      <NodePanel key={selectedNode.id} rule={selectedNode.data.rule} catalogue={catalogue} issues={nodeIssues} readOnly={!editable}
        variables={variablesForNode(selectedNode.id, canvas.nodes, canvas.edges, catalogue)}
        onChange={changeNode} onDelete={deleteSelected}
        onClose={() => apply({ ...ref.current, nodes: ref.current.nodes.map((n) => ({ ...n, selected: false })) })} />
    );
  } else side = <RulePanel rule={rule} editable={editable} onChange={setRule} />;

  return (
    <div className="editor">
      <header className="editor-head">
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Back to rules" onClick={() => void leave()}><Icon name="back" /></button>
        <div className="crumbs grow">
          <a href="/rules" onClick={(e) => { e.preventDefault(); void leave(); }}>Rules</a>
          {rule.folder && <><span>/</span><span>{rule.folder}</span></>}
          <span>/</span>
          <span className="name" title={rule.name}>{rule.name}</span>
          {status}
          {!rule.enabled && <span className="chip">Disabled</span>}
          {!editable && <span className="chip"><Icon name="lock" size={12} />Read only</span>}
        </div>
        <button className={`btn btn-ghost btn-sm${drawer === 'versions' ? ' active' : ''}`} onClick={() => openDrawer('versions')}><Icon name="history" />Versions</button>
        <button className={`btn btn-ghost btn-sm${drawer === 'runs' ? ' active' : ''}`} onClick={() => openDrawer('runs')}><Icon name="runs" />Runs</button>
        <button className={`btn btn-ghost btn-sm${drawer === 'dry-run' ? ' active' : ''}`} onClick={() => openDrawer('dry-run')}><Icon name="flask" />Dry-run</button>
        <button className={`btn btn-ghost btn-sm${drawer === 'replay' ? ' active' : ''}`} onClick={() => openDrawer('replay')}><Icon name="replay" />Replay</button>
        <button className="btn btn-ghost btn-sm" onClick={() => void exportRule()} title="Download the rule as JSON"><Icon name="download" />Export</button>
        {editable && <>
          <span className="head-sep" />
          <button className="btn btn-sm" onClick={() => void validate()} disabled={busy !== null || !!view}>{busy === 'validate' ? 'Checking…' : 'Validate'}</button>
          <button className="btn btn-sm" onClick={() => void saveDraft()} disabled={busy !== null || !!view || !dirty} title={dirty ? 'Save your changes as the draft' : 'All changes are saved'}>
            {busy === 'save' ? 'Saving…' : dirty ? 'Save draft' : <><Icon name="check" />Saved</>}
          </button>
          <button className="btn btn-primary btn-sm" onClick={() => setPublishing(true)} disabled={busy !== null || !!view || !hasTrigger || upToDate}
            title={!hasTrigger ? 'Add a trigger first: a rule needs something to react to' : upToDate ? `The draft is what v${rule.activeVersion} runs: change something to publish again` : 'Publish the draft as the next version'}><Icon name="send" />Publish</button>
        </>}
      </header>
      <div className="editor-body">
        {editable && !view ? <Palette catalogue={catalogue} hasTrigger={hasTrigger} onAdd={(item) => addNode(item)} onShowTrigger={triggerId ? () => focusNode(triggerId) : undefined} /> : <div />}
        <div className="canvas-wrap" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
          {view && (
            <div className="canvas-strip" role="status">
              <Icon name="eye" />
              <span className="grow">{view.title}</span>
              <button className="btn btn-sm" onClick={() => setView(null)}>Back to the draft</button>
            </div>
          )}
          {/* Above the canvas, not over it: the list never hides a node. */}
          {!view && issues.length > 0 && (
            <div className="issues-box" data-testid="issues">
              <button type="button" className="issues-head" onClick={() => setIssuesOpen((o) => !o)} aria-expanded={issuesOpen}>
                <Icon name="alert" />{issues.length === 1 ? '1 problem to fix before publishing' : `${issues.length} problems to fix before publishing`}
                <span className="spacer" /><span className="small muted">{issuesOpen ? 'Hide' : 'Show'}</span>
              </button>
              {issuesOpen && (
                <ul>
                  {graphIssues.map((i, n) => <li key={`g${n}`}><span className="issue-line">{i.message}</span></li>)}
                  {issues.filter((i) => i.nodeId).map((i, n) => (
                    <li key={n}><button className="issue-line" onClick={() => focusNode(i.nodeId!)}><b>{nodeName(i.nodeId!)}</b> <span className="where">{i.nodeId}</span> · {issueText(i)}</button></li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {!view && dryPath && (
            <div className="canvas-strip dry" role="status"><Icon name="check" />Dry-run: the highlighted path is what would happen for this event. Nothing was executed.</div>
          )}
          <div className="canvas-flow">
          <ReactFlow<FlowNode, FlowEdge>
            nodes={display.nodes}
            edges={display.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            onDelete={onDelete}
            onNodeDragStop={onNodeDragStop}
            isValidConnection={isValidConnection}
            deleteKeyCode={editable && !view ? ['Delete', 'Backspace'] : null}
            nodesDraggable={editable && !view}
            nodesConnectable={editable && !view}
            elementsSelectable
            disableKeyboardA11y
            defaultEdgeOptions={{ type: 'smoothstep' }}
            fitView={initial.nodes.length > 0}
            fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
            minZoom={0.2}
            maxZoom={1.75}
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={18} size={1.3} />
            <Controls showInteractive={false} position="bottom-left" />
            {canvas.nodes.length > 0 && <MiniMap pannable zoomable position="bottom-right" nodeStrokeWidth={3} style={{ width: 168, height: 112 }}
              nodeColor={(n) => KIND_HEX[(n as FlowNode).data.rule.kind] ?? '#999'} />}
            {editable && !view && (
              <Panel position="top-left">
                <div className="canvas-toolbar">
                  <button className="btn btn-ghost btn-sm btn-icon" onClick={() => { flushDeletion(); undo(); setDryPath(null); }} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo"><Icon name="undo" /></button>
                  <button className="btn btn-ghost btn-sm btn-icon" onClick={() => { flushDeletion(); redo(); setDryPath(null); }} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo"><Icon name="redo" /></button>
                  <button className="btn btn-ghost btn-sm" onClick={autoLayout} disabled={canvas.nodes.length < 2} title="Arrange the nodes top to bottom"><Icon name="layout" />Auto-layout</button>
                </div>
              </Panel>
            )}
          </ReactFlow>
          {!view && canvas.nodes.length === 0 && (
            <div className="canvas-empty">
              <div>
                <h3>Start with a trigger</h3>
                <p>{editable ? 'What should this rule react to? Drag a trigger from the palette on the left, or click one.' : 'This rule is empty.'}</p>
              </div>
            </div>
          )}
          </div>
        </div>
        {side}
      </div>
      {publishing && <PublishDialog busy={busy === 'publish' || busy === 'save'} activeVersion={rule.activeVersion} onClose={() => setPublishing(false)} onPublish={(note) => void publish(note)} />}
    </div>
  );
}

function PublishDialog({ busy, activeVersion, onClose, onPublish }: { busy: boolean; activeVersion: number | null; onClose: () => void; onPublish: (note: string) => void }) {
  const [note, setNote] = useState('');
  return (
    <Dialog title={`Publish version ${(activeVersion ?? 0) + 1}`} onClose={onClose}
      description={activeVersion ? `It replaces v${activeVersion} for new events; runs already going on stay on their version.` : 'The rule starts reacting to new events right away.'}
      footer={<>
        <button className="btn" onClick={onClose}>Cancel</button>
        <button className="btn btn-primary" disabled={busy} onClick={() => onPublish(note)}>{busy ? 'Publishing…' : 'Publish'}</button>
      </>}>
      <div className="field">
        <label htmlFor="publish-note">What changed <span className="optional">optional</span></label>
        <textarea id="publish-note" className="textarea" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Reply in Spanish to refund requests" />
        <span className="help">Shown in the version history.</span>
      </div>
    </Dialog>
  );
}
