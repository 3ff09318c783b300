// The rules list: grouped by folder, with each rule's trigger, active version, last run, whether
// the draft has unpublished changes, and an enabled toggle. Admins create, import, export and delete.
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError, downloadJson } from '../api/client';
import type { Catalogue, Rule, RuleSummary } from '../api/types';
import { Link, navigate } from '../shell/router';
import { asCopyIfTaken } from './import-name';
import { RULE_EXAMPLES, type RuleExample } from '../../../model/rules/rule-examples';
import { can, useSession } from '../shell/session';
import { Dialog, useUi } from '../ui/dialog';
import { RUN_STATUS, when } from '../ui/format';
import { Icon } from '../ui/icons';
import { WeekCounts } from '../ui/WeekCounts';

export function RulesPage() {
  const { me } = useSession();
  const ui = useUi();
  const editable = can.editRules(me?.role);
  const [rules, setRules] = useState<RuleSummary[] | null>(null);
  const [triggerTitles, setTriggerTitles] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ items: RuleSummary[] }>('/rules');
      setRules(res.items);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    api<Catalogue>('/rules/catalogue').then((c) => setTriggerTitles(Object.fromEntries(c.triggers.map((t) => [t.type, t.title]))), () => {});
  }, [load]);

  const folders = useMemo(() => {
    const groups = new Map<string, RuleSummary[]>();
    for (const r of rules ?? []) groups.set(r.folder, [...(groups.get(r.folder) ?? []), r]);
    return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  }, [rules]);

  const toggle = async (rule: RuleSummary) => {
    setRules((list) => list?.map((r) => (r.id === rule.id ? { ...r, enabled: !rule.enabled } : r)) ?? null);
    try {
      await api(`/rules/${rule.id}`, { method: 'PATCH', json: { enabled: !rule.enabled } });
      ui.toast(`${rule.name} ${rule.enabled ? 'disabled' : 'enabled'}`);
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
    void load();
  };

  const remove = async (rule: RuleSummary) => {
    const ok = await ui.confirm({
      title: `Delete “${rule.name}”?`,
      body: <p>The rule stops running at once. Its versions and past runs stay in the audit trail. This cannot be undone.</p>,
      confirm: 'Delete rule', danger: true,
    });
    if (!ok) return;
    try {
      await api(`/rules/${rule.id}`, { method: 'DELETE' });
      ui.toast(`Deleted ${rule.name}`);
      void load();
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const exportRule = async (rule: RuleSummary) => {
    try {
      const text = await api<unknown>(`/rules/${rule.id}/export`);
      downloadJson(`${slug(rule.name)}.rule.json`, text);
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      ui.toast(`${file.name} is not JSON: export a rule from Parley and import that file.`, 'danger');
      return;
    }
    try {
      const res = await api<{ rule: Rule; warnings?: { message: string }[] }>('/rules/import', { json: asCopyIfTaken(body, rules ?? []) });
      const created = res.rule;
      const warning = res.warnings?.[0]?.message;
      ui.toast(warning ? `Imported ${created.name} as a draft. Check it: ${warning}` : `Imported ${created.name} as a draft`, warning ? 'danger' : undefined);
      navigate(`/rules/${created.id}`);
    } catch (err) {
      const apiError = err as ApiError;
      const first = apiError.errors?.[0];
      ui.toast(first ? `${apiError.message} ${first.path}: ${first.message}` : apiError.message, 'danger');
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Rules</h1>
          <p>Rules react to what happens in conversations: a trigger, then conditions and actions. Drafts run only once published.</p>
        </div>
        {editable && <>
          <input ref={fileInput} type="file" accept="application/json,.json" hidden onChange={importFile} data-testid="import-file" />
          <button className="btn" onClick={() => fileInput.current?.click()}><Icon name="upload" />Import</button>
          <button className="btn btn-primary" onClick={() => setCreating(true)}><Icon name="plus" />New rule</button>
        </>}
      </div>

      {error && <div className="banner danger" style={{ marginBottom: 16 }}>{error}</div>}
      {rules && rules.length === 0 && (
        <div className="card"><div className="empty first-rule" data-testid="no-rules">
          <div className="recipe" aria-hidden="true">
            <span className="chip k-trigger">When a message arrives</span><span className="arrow">→</span>
            <span className="chip k-logic">if it mentions “refund”</span><span className="arrow">→</span>
            <span className="chip k-action">tag it and reply</span>
          </div>
          <h3>{editable ? 'Create your first rule' : 'No rules yet'}</h3>
          <p>{editable
            ? 'A rule watches your conversations and acts for you: when a message arrives or a case changes, it checks your conditions, then tags, replies, routes or calls another system.'
            : 'An admin has not created any rules yet.'}</p>
          {editable && <button className="btn btn-primary" style={{ marginTop: 18 }} onClick={() => setCreating(true)}><Icon name="plus" />New rule</button>}
        </div></div>
      )}
      {folders.map(([folder, list]) => (
        <div className="card" key={folder || '(none)'}>
          <div className="folder-head"><Icon name="folder" />{folder || 'No folder'}<span className="muted" style={{ fontWeight: 400 }}>· {list.length}</span></div>
          <table className="table fixed">
            <thead>
              <tr>
                <th style={{ width: '26%' }}>Rule</th><th style={{ width: '18%' }}>Trigger</th><th style={{ width: '16%' }}>Live version</th>
                <th style={{ width: '12%' }}>Last run</th><th>This week</th><th style={{ width: 72 }}>Enabled</th><th style={{ width: 76 }} />
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} className="clickable" onClick={() => navigate(`/rules/${r.id}`)}>
                  <td>
                    <Link to={`/rules/${r.id}`} className="rule-name" onClick={(e) => e.stopPropagation()}>{r.name}</Link>
                    {r.description && <div className="rule-desc">{r.description}</div>}
                  </td>
                  <td className="trigger-cell">{r.triggerType ? triggerTitles[r.triggerType] ?? '' : <span className="muted">No trigger yet</span>}</td>
                  <td>
                    <div className="row wrap" style={{ gap: 6 }}>
                      {r.activeVersion ? <span className="chip ok" title={`Version ${r.activeVersion} reacts to new events`}><span className="dot" />v{r.activeVersion}</span> : <span className="chip warn" title="Publish the draft to make the rule run">Not published</span>}
                      {r.activeVersion != null && r.hasUnpublishedChanges && <span className="chip accent" title="The draft differs from the live version: publish it to make the changes run">Unpublished changes</span>}
                    </div>
                  </td>
                  <td>
                    {r.runs.lastRunAt ? (
                      <div className="stack" style={{ gap: 2, alignItems: 'flex-start' }}>
                        {r.runs.lastStatus && <span className={`chip ${RUN_STATUS[r.runs.lastStatus]?.tone ?? ''}`}>{RUN_STATUS[r.runs.lastStatus]?.label ?? r.runs.lastStatus}</span>}
                        <span className="muted small nowrap">{when(r.runs.lastRunAt)}</span>
                      </div>
                    ) : <span className="muted">Never</span>}
                  </td>
                  <td><WeekCounts counts={r.runs.lastWeek} /></td>
                  <td onClick={(e) => e.stopPropagation()}>
                    <label className="toggle" title={r.enabled ? 'Enabled: click to disable' : 'Disabled: click to enable'}>
                      <input type="checkbox" checked={r.enabled} disabled={!editable} onChange={() => void toggle(r)} aria-label={`${r.name} enabled`} />
                      <span />
                    </label>
                  </td>
                  <td onClick={(e) => e.stopPropagation()}>
                    <div className="row" style={{ justifyContent: 'flex-end' }}>
                      <button className="btn btn-ghost btn-sm btn-icon" title="Export as JSON" aria-label={`Export ${r.name}`} onClick={() => void exportRule(r)}><Icon name="download" /></button>
                      {editable && <button className="btn btn-ghost btn-sm btn-icon" title="Delete" aria-label={`Delete ${r.name}`} onClick={() => void remove(r)}><Icon name="trash" /></button>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {creating && <CreateRuleDialog folders={folders.map(([f]) => f).filter(Boolean)} onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateRuleDialog({ folders, onClose }: { folders: string[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [example, setExample] = useState<RuleExample | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Choosing an example names the rule after it (unless the admin typed a name of their own). */
  const choose = (next: RuleExample | null) => {
    if (!name.trim() || name === example?.name) setName(next?.name ?? '');
    if (!folder.trim() || folder === example?.folder) setFolder(next?.folder ?? '');
    setExample(next);
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    try {
      // An empty canvas (the editor asks for a trigger first), or the example's drawing as the draft.
      const rule = await api<Rule>('/rules', { json: { name: name.trim(), folder: folder.trim(), draft: example?.graph ?? { nodes: [], edges: [] } } });
      navigate(`/rules/${rule.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  const choice = (key: string, selected: boolean, onPick: () => void, title: string, body: string) => (
    <button key={key} type="button" aria-pressed={selected} data-example={key} onClick={onPick}
      style={{ textAlign: 'left', padding: '10px 12px', borderRadius: 8, cursor: 'pointer', background: selected ? 'var(--accent-soft)' : 'transparent',
        border: `1px solid ${selected ? 'var(--accent)' : 'var(--border, #e2e8f0)'}`, color: 'inherit', font: 'inherit' }}>
      <strong style={{ display: 'block', fontSize: 13.5 }}>{title}</strong>
      <span className="help" style={{ display: 'block', marginTop: 2 }}>{body}</span>
    </button>
  );
  return (
    <Dialog title="New rule" description="Name it for what it does; you draw it next, or start from an example." onClose={onClose}
      footer={<>
        <button className="btn" onClick={onClose}>Cancel</button>
        <button className="btn btn-primary" disabled={!name.trim() || busy} onClick={() => void submit()}>{example ? 'Create from example' : 'Create rule'}</button>
      </>}>
      <form onSubmit={submit}>
        {error && <div className="banner danger" style={{ marginBottom: 12 }}>{error}</div>}
        <div className="field">
          <span className="field-label">Start from</span>
          <div role="group" aria-label="Start from" style={{ display: 'grid', gap: 6 }}>
            {choice('empty', example === null, () => choose(null), 'An empty rule', 'Draw it yourself: pick a trigger, then conditions and actions.')}
            {RULE_EXAMPLES.map((x) => choice(x.id, example?.id === x.id, () => choose(x), `Example: ${x.name}`, x.summary))}
          </div>
          {example && <p className="help" data-testid="example-setup" style={{ marginTop: 6 }}><strong>Before you publish:</strong> {example.setup}</p>}
        </div>
        <div className="field">
          <label htmlFor="rule-name">Name</label>
          <input id="rule-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Refund requests" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="rule-folder">Folder <span className="optional">optional</span></label>
          <input id="rule-folder" className="input" list="rule-folders" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="e.g. Billing" maxLength={200} />
          <datalist id="rule-folders">{folders.map((f) => <option key={f} value={f} />)}</datalist>
        </div>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

export const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'rule';
