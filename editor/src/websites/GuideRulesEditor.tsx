// Guide rules as a form: each rule's conditions (all of a set must hold; any set may) and its
// actions (offer, entry points, branding, visitor tags), with how its offer converts.
import type { ReactNode } from 'react';
import { Icon } from '../ui/icons';
import { ACTION_TYPES, CONDITION_TYPES, ENTRY_POINT_LABELS, newAction, newCondition, newRule } from './guide-defaults';
import type { EntryPoint, GuideAction, GuideCondition, GuideRule, OfferStat } from './types';
import { customUrlProblem } from '../../../model/website/guide-custom';

type ErrorAt = (prefix: string) => string;

export function GuideRulesEditor({ rules, onChange, readOnly, errorAt, stats }: {
  rules: GuideRule[]; onChange: (rules: GuideRule[]) => void; readOnly: boolean; errorAt: ErrorAt; stats: OfferStat[];
}) {
  const put = (i: number, rule: GuideRule) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  return (
    <section className="card">
      <div className="card-head">
        <div className="grow"><h2>Guide rules</h2><p className="help">Checked in the visitor's browser at load, as they scroll or change page, and every minute. The first rule that sets something wins.</p></div>
        {!readOnly && <button className="btn" onClick={() => onChange([...rules, newRule(rules)])}><Icon name="plus" />Add rule</button>}
      </div>
      <div className="card-body stack" style={{ gap: 14 }}>
        {rules.length === 0 && <p className="muted">No Guide rules: the launcher lists every entry point and no offer is shown.</p>}
        {rules.map((rule, i) => (
          <RuleCard key={i} rule={rule} index={i} readOnly={readOnly} errorAt={errorAt} stats={stats.filter((s) => s.ruleId === rule.id)}
            onChange={(r) => put(i, r)} onRemove={() => onChange(rules.filter((_, j) => j !== i))} />
        ))}
      </div>
    </section>
  );
}

function RuleCard({ rule, index, readOnly, errorAt, stats, onChange, onRemove }: {
  rule: GuideRule; index: number; readOnly: boolean; errorAt: ErrorAt; stats: OfferStat[]; onChange: (r: GuideRule) => void; onRemove: () => void;
}) {
  const base = `guideRules.${index}`;
  const setSet = (s: number, set: GuideCondition[]) => onChange({ ...rule, conditionSets: rule.conditionSets.map((x, j) => (j === s ? set : x)).filter((x) => x.length > 0) });
  return (
    <div className="step-card" data-testid={`guide-rule-${rule.id}`}>
      <div className="row" style={{ gap: 10, marginBottom: 10 }}>
        <input className="input grow" aria-label="Rule name" value={rule.name} disabled={readOnly} onChange={(e) => onChange({ ...rule, name: e.target.value })} />
        <label className="check"><input type="checkbox" checked={rule.enabled} disabled={readOnly} onChange={(e) => onChange({ ...rule, enabled: e.target.checked })} />Enabled</label>
        {!readOnly && <button className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove rule ${rule.name}`} onClick={onRemove}><Icon name="trash" /></button>}
      </div>
      {stats.map((s) => (
        <p key={s.offerId} className="small muted" data-testid="offer-stats">Offer <b>{s.offerId}</b> in the last 30 days: shown {s.shown}, clicked {s.clicked}, dismissed {s.dismissed}
          {s.shown > 0 && <> · {Math.round((s.clicked / s.shown) * 100)}% clicked</>}</p>
      ))}
      <div className="section-title">When</div>
      {rule.conditionSets.length === 0 && <p className="muted small">Always (on every page, for every visitor).</p>}
      {rule.conditionSets.map((set, s) => (
        <div key={s}>
          {s > 0 && <div className="and" style={{ margin: '6px 0' }}>or</div>}
          <div className="stack" style={{ gap: 6 }}>
            {set.map((c, k) => (
              <div key={k} className="guide-row">
                <span className="muted small" style={{ width: 28 }}>{k > 0 ? 'and' : 'if'}</span>
                <select className="select" aria-label="Condition" value={c.type} disabled={readOnly} onChange={(e) => setSet(s, set.map((x, j) => (j === k ? newCondition(e.target.value as GuideCondition['type']) : x)))}>
                  {CONDITION_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
                </select>
                <ConditionInputs c={c} readOnly={readOnly} onChange={(n) => setSet(s, set.map((x, j) => (j === k ? n : x)))} />
                {!readOnly && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove condition" onClick={() => setSet(s, set.filter((_, j) => j !== k))}><Icon name="x" /></button>}
                {errorAt(`${base}.conditionSets.${s}.${k}`) && <span className="field-error">{errorAt(`${base}.conditionSets.${s}.${k}`)}</span>}
              </div>
            ))}
            {!readOnly && <button className="btn-link small" style={{ alignSelf: 'flex-start' }} onClick={() => setSet(s, [...set, newCondition('time_on_page')])}>+ and</button>}
          </div>
        </div>
      ))}
      {!readOnly && <button className="btn-link small" onClick={() => onChange({ ...rule, conditionSets: [...rule.conditionSets, [newCondition('page')]] })}>{rule.conditionSets.length ? '+ or another set' : '+ condition'}</button>}
      <div className="section-title" style={{ marginTop: 12 }}>Then</div>
      <div className="stack" style={{ gap: 10 }}>
        {rule.actions.map((a, k) => (
          <div key={k} className="subform">
            <div className="guide-row" style={{ marginBottom: 6 }}>
              <select className="select" aria-label="Action" value={a.type} disabled={readOnly} onChange={(e) => onChange({ ...rule, actions: rule.actions.map((x, j) => (j === k ? newAction(e.target.value as GuideAction['type']) : x)) })}>
                {ACTION_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
              </select>
              <span className="spacer" />
              {!readOnly && rule.actions.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove action" onClick={() => onChange({ ...rule, actions: rule.actions.filter((_, j) => j !== k) })}><Icon name="x" /></button>}
            </div>
            <ActionInputs a={a} readOnly={readOnly} onChange={(n) => onChange({ ...rule, actions: rule.actions.map((x, j) => (j === k ? n : x)) })} />
            {errorAt(`${base}.actions.${k}`) && <p className="field-error">{errorAt(`${base}.actions.${k}`)}</p>}
          </div>
        ))}
        {!readOnly && <button className="btn-link small" style={{ alignSelf: 'flex-start' }} onClick={() => onChange({ ...rule, actions: [...rule.actions, newAction('add_visitor_tag')] })}>+ action</button>}
      </div>
      {errorAt(`${base}.id`) && <p className="field-error">{errorAt(`${base}.id`)}</p>}
    </div>
  );
}

function ConditionInputs({ c, readOnly, onChange }: { c: GuideCondition; readOnly: boolean; onChange: (c: GuideCondition) => void }): ReactNode {
  const num = (v: string) => Number(v) || 0;
  const yesNo = (value: boolean, set: (v: boolean) => void) => (
    <select className="select" aria-label="Value" value={value ? 'yes' : 'no'} disabled={readOnly} onChange={(e) => set(e.target.value === 'yes')}><option value="yes">yes</option><option value="no">no</option></select>
  );
  switch (c.type) {
    case 'page': return (<>
      <select className="select" aria-label="Test" value={c.op} disabled={readOnly} onChange={(e) => onChange({ ...c, op: e.target.value as typeof c.op })}>
        <option value="contains">contains</option><option value="not_contains">does not contain</option><option value="equals">is</option><option value="not_equals">is not</option><option value="regex">matches regex</option>
      </select>
      <input className="input" style={{ width: 260 }} aria-label="Page" value={c.value} disabled={readOnly} onChange={(e) => onChange({ ...c, value: e.target.value })} /></>);
    case 'time_on_page': return <><span className="muted small">at least</span><input className="input" type="number" min={1} style={{ width: 90 }} aria-label="Seconds" value={c.atLeastSeconds} disabled={readOnly} onChange={(e) => onChange({ ...c, atLeastSeconds: num(e.target.value) })} /><span className="muted small">seconds</span></>;
    case 'scroll_depth': return <><span className="muted small">at least</span><input className="input" type="number" min={1} max={100} style={{ width: 80 }} aria-label="Percent" value={c.atLeastPercent} disabled={readOnly} onChange={(e) => onChange({ ...c, atLeastPercent: num(e.target.value) })} /><span className="muted small">% of the page</span></>;
    case 'page_views': return (<>
      <select className="select" aria-label="Test" value={c.op} disabled={readOnly} onChange={(e) => onChange({ ...c, op: e.target.value as typeof c.op })}><option value="at_least">at least</option><option value="at_most">at most</option></select>
      <input className="input" type="number" min={0} style={{ width: 80 }} aria-label="Pages" value={c.value} disabled={readOnly} onChange={(e) => onChange({ ...c, value: num(e.target.value) })} /><span className="muted small">in this visit</span></>);
    case 'visitor_tag': return (<>
      <select className="select" aria-label="Test" value={c.op} disabled={readOnly} onChange={(e) => onChange({ ...c, op: e.target.value as typeof c.op })}><option value="has">has</option><option value="has_not">does not have</option></select>
      <input className="input" style={{ width: 160 }} aria-label="Tag" value={c.tag} disabled={readOnly} onChange={(e) => onChange({ ...c, tag: e.target.value })} /></>);
    case 'returning_visitor': return yesNo(c.value, (value) => onChange({ ...c, value }));
    case 'chat_online': return yesNo(c.value, (value) => onChange({ ...c, value }));
    case 'device': return (<select className="select" aria-label="Device" value={c.value} disabled={readOnly} onChange={(e) => onChange({ ...c, value: e.target.value as typeof c.value })}>
      <option value="mobile">mobile</option><option value="tablet">tablet</option><option value="desktop">desktop</option></select>);
    case 'language': return <input className="input" style={{ width: 90 }} aria-label="Language" value={c.value} disabled={readOnly} onChange={(e) => onChange({ ...c, value: e.target.value })} />;
    case 'custom': return <CustomConditionInputs c={c} readOnly={readOnly} onChange={onChange} />;
  }
}

/** The custom condition: the URL visitors' browsers ask, how long an answer is kept, and (on a line of
 * its own, after the row's remove button) what the URL receives and must answer. */
function CustomConditionInputs({ c, readOnly, onChange }: { c: Extract<GuideCondition, { type: 'custom' }>; readOnly: boolean; onChange: (c: GuideCondition) => void }) {
  const problem = c.url && c.url !== 'https://' ? customUrlProblem(c.url) : null;
  const below = { order: 1, flexBasis: '100%', paddingLeft: 34 };
  return (<>
    <input className={`input grow${problem ? ' invalid' : ''}`} style={{ minWidth: 280 }} aria-label="URL" placeholder="https://crm.example/guide-check" value={c.url} disabled={readOnly}
      aria-invalid={problem ? true : undefined} onChange={(e) => onChange({ ...c, url: e.target.value.trim() })} />
    <span className="muted small">keep the answer</span>
    <select className="select" aria-label="Keep the answer" value={String(c.cacheSeconds ?? 0)} disabled={readOnly}
      onChange={(e) => { const { cacheSeconds: _, ...rest } = c; onChange(Number(e.target.value) ? { ...rest, cacheSeconds: Number(e.target.value) } : rest); }}>
      {CACHE_CHOICES.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
      {c.cacheSeconds && !CACHE_CHOICES.some(([s]) => s === c.cacheSeconds) && <option value={c.cacheSeconds}>{c.cacheSeconds} seconds</option>}
    </select>
    {problem && <span className="field-error" role="alert" style={below}>{problem}</span>}
    <span className="help" style={below} data-testid="custom-condition-help">
      Visitors' browsers ask <code>GET</code> this URL with <code>?page=…&amp;visitor=…&amp;language=…&amp;tags=a,b</code> (CORS from your site's origin, no cookies) and expect
      JSON <code>{'{ "result": true }'}</code> or <code>{'{ "result": false }'}</code> within {(c.timeoutMs ?? 2000) / 1000} s. Errors, timeouts and other answers count as
      false; rules with this condition are decided when the answer arrives.
    </span>
  </>);
}

const CACHE_CHOICES: [number, string][] = [[0, 'for the page'], [60, '1 minute'], [300, '5 minutes'], [1800, '30 minutes'], [3600, '1 hour']];

function ActionInputs({ a, readOnly, onChange }: { a: GuideAction; readOnly: boolean; onChange: (a: GuideAction) => void }): ReactNode {
  switch (a.type) {
    case 'show_offer': return (
      <div className="stack" style={{ gap: 6 }}>
        <div className="guide-row">
          <input className="input grow" aria-label="Offer title" value={a.title} disabled={readOnly} onChange={(e) => onChange({ ...a, title: e.target.value })} />
          <input className="input" style={{ width: 170 }} aria-label="Offer id" title="Offer id (reports)" value={a.offerId} disabled={readOnly} onChange={(e) => onChange({ ...a, offerId: e.target.value })} />
        </div>
        <input className="input" aria-label="Offer text" placeholder="Text (optional)" value={a.text} disabled={readOnly} onChange={(e) => onChange({ ...a, text: e.target.value })} />
        {a.buttons.map((b, k) => (
          <div key={k} className="guide-row">
            <input className="input" style={{ width: 150 }} aria-label="Button label" value={b.label} disabled={readOnly} onChange={(e) => onChange({ ...a, buttons: a.buttons.map((x, j) => (j === k ? { ...b, label: e.target.value } : x)) })} />
            <select className="select" aria-label="Button does" value={b.action} disabled={readOnly}
              onChange={(e) => onChange({ ...a, buttons: a.buttons.map((x, j) => (j === k ? (e.target.value === 'url' ? { label: b.label, action: 'url', url: 'https://' } : e.target.value === 'chat' ? { label: b.label, action: 'chat' } : { label: b.label, action: 'dismiss' }) : x)) })}>
              <option value="chat">opens the chat</option><option value="url">opens a page</option><option value="dismiss">closes the offer</option>
            </select>
            {b.action === 'chat' && <input className="input grow" aria-label="Prefilled message" placeholder="Prefilled message (optional)" value={b.message ?? ''} disabled={readOnly}
              onChange={(e) => onChange({ ...a, buttons: a.buttons.map((x, j) => (j === k ? { ...b, message: e.target.value || undefined } : x)) })} />}
            {b.action === 'url' && <input className="input grow" aria-label="Page URL" value={b.url} disabled={readOnly}
              onChange={(e) => onChange({ ...a, buttons: a.buttons.map((x, j) => (j === k ? { ...b, url: e.target.value } : x)) })} />}
            {!readOnly && a.buttons.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove button" onClick={() => onChange({ ...a, buttons: a.buttons.filter((_, j) => j !== k) })}><Icon name="x" /></button>}
          </div>
        ))}
        {!readOnly && a.buttons.length < 3 && <button className="btn-link small" style={{ alignSelf: 'flex-start' }} onClick={() => onChange({ ...a, buttons: [...a.buttons, { label: 'Ahora no', action: 'dismiss' }] })}>+ button</button>}
      </div>
    );
    case 'set_template': return (
      <div className="row wrap" style={{ gap: 12 }}>
        {(Object.keys(ENTRY_POINT_LABELS) as EntryPoint[]).map((ep) => (
          <label key={ep} className="check"><input type="checkbox" checked={a.entryPoints.includes(ep)} disabled={readOnly}
            onChange={(e) => onChange({ ...a, entryPoints: e.target.checked ? [...a.entryPoints, ep] : a.entryPoints.filter((x) => x !== ep) })} />{ENTRY_POINT_LABELS[ep]}</label>
        ))}
      </div>
    );
    case 'set_branding': return (
      <div className="guide-row">
        <input type="color" className="input" style={{ width: 56, padding: 2 }} aria-label="Colour" value={a.colour ?? '#2563eb'} disabled={readOnly} onChange={(e) => onChange({ ...a, colour: e.target.value })} />
        <input className="input" aria-label="Title" placeholder="Title (optional)" value={a.title ?? ''} disabled={readOnly} onChange={(e) => onChange({ ...a, title: e.target.value || undefined })} />
      </div>
    );
    case 'add_visitor_tag':
    case 'remove_visitor_tag':
      return <input className="input" style={{ width: 200 }} aria-label="Tag" value={a.tag} disabled={readOnly} onChange={(e) => onChange({ ...a, tag: e.target.value })} />;
  }
}
