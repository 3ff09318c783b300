// With nothing selected, the right panel describes the rule itself: name, folder, description,
// priority and whether it runs, plus the editor's keyboard shortcuts.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Rule } from '../../api/types';
import { useUi } from '../../ui/dialog';
import { when } from '../../ui/format';
import { WeekCounts } from '../../ui/WeekCounts';

export function RulePanel({ rule, editable, onChange }: { rule: Rule; editable: boolean; onChange: (r: Rule) => void }) {
  const ui = useUi();
  const [form, setForm] = useState({ name: rule.name, folder: rule.folder, description: rule.description, priority: rule.priority });
  useEffect(() => setForm({ name: rule.name, folder: rule.folder, description: rule.description, priority: rule.priority }), [rule]);
  const changed = form.name !== rule.name || form.folder !== rule.folder || form.description !== rule.description || form.priority !== rule.priority;

  const patch = async (body: Record<string, unknown>, done: string) => {
    try {
      onChange(await api<Rule>(`/rules/${rule.id}`, { method: 'PATCH', json: body }));
      ui.toast(done);
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  return (
    <aside className="side-panel" aria-label="Rule details">
      <div className="side-head"><h2 className="grow">Rule</h2></div>
      <div className="side-body">
        <div className="field">
          <label htmlFor="rule-name">Name</label>
          <input id="rule-name" className="input" disabled={!editable} value={form.name} maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="rule-folder">Folder <span className="optional">optional</span></label>
          <input id="rule-folder" className="input" disabled={!editable} value={form.folder} maxLength={200} onChange={(e) => setForm({ ...form, folder: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="rule-desc">Description <span className="optional">optional</span></label>
          <textarea id="rule-desc" className="textarea" disabled={!editable} value={form.description} maxLength={2000} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="rule-priority">Priority</label>
          <input id="rule-priority" className="input" type="number" min={0} max={10000} style={{ width: 120 }} disabled={!editable} value={form.priority}
            onChange={(e) => setForm({ ...form, priority: Number(e.target.value) })} />
          <span className="help">Among rules reacting to the same event, lower numbers run first.</span>
        </div>
        {editable && <button className="btn btn-sm" disabled={!changed || !form.name.trim()} onClick={() => void patch({ ...form, name: form.name.trim(), folder: form.folder.trim() }, 'Rule details saved')}>Save details</button>}

        <div className="section-title" style={{ marginTop: 24 }}>Running</div>
        <label className="row" style={{ gap: 10 }}>
          <span className="toggle"><input type="checkbox" checked={rule.enabled} disabled={!editable} onChange={() => void patch({ enabled: !rule.enabled }, rule.enabled ? 'Rule disabled' : 'Rule enabled')} /><span /></span>
          <span>{rule.enabled ? 'Enabled' : 'Disabled'} <span className="muted small">· {rule.activeVersion ? `version ${rule.activeVersion} reacts to new events` : 'publish a version to make it run'}</span></span>
        </label>
        <dl className="kv" style={{ marginTop: 14 }}>
          <dt>Draft saved</dt><dd>{when(rule.draftUpdatedAt)}</dd>
          <dt>Last run</dt><dd>{rule.runs.lastRunAt ? when(rule.runs.lastRunAt) : 'never'}</dd>
          <dt>This week</dt><dd><WeekCounts counts={rule.runs.lastWeek} /></dd>
        </dl>

        {editable && (
          <>
            <div className="section-title" style={{ marginTop: 24 }}>Keyboard</div>
            <dl className="kv small">
              <dt>Delete / Backspace</dt><dd>Delete the selection (not the trigger)</dd>
              <dt>Ctrl+C, Ctrl+V</dt><dd>Copy and paste nodes</dd>
              <dt>Ctrl+Z, Ctrl+Shift+Z</dt><dd>Undo, redo</dd>
              <dt>Arrow keys</dt><dd>Move the selection (Shift: further)</dd>
              <dt>Type {'{{'}</dt><dd>Insert a variable in a text field</dd>
            </dl>
          </>
        )}
      </div>
    </aside>
  );
}
