// The configuration panel of the selected node: a form generated from its JSON Schema (trigger
// config, action or step input), the condition builder for predicate lists, and what the node
// gives later nodes. Validation issues show at the top and on the fields they name.
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { Catalogue, RuleIssue } from '../../api/types';
import { ConditionBuilder } from '../../forms/ConditionBuilder';
import { SchemaForm, type FormContext } from '../../forms/SchemaForm';
import { TemplateInput } from '../../forms/TemplateInput';
import type { RuleNodeBody } from '../../graph/flow-types';
import { fieldOf, issueText } from '../../graph/issues';
import { newCaseId } from '../../graph/ids';
import { KIND_LABEL, minorAmountText, nodeTypeTitle } from '../../graph/summary';
import type { NodeVariable } from '../../graph/variables';
import { TRIGGER_TYPES, type TriggerType } from '../../model';
import { defaultsOf } from '../../forms/json-schema';
import { Icon } from '../../ui/icons';
import { KIND_STYLE, nodeIcon } from '../kinds';
import { CAMPAIGN_STATUS, type CampaignStatus } from '../../campaigns/types';
import { ElementPicker, InteractionPicker } from './ElementPicker';
import { elementNameChoices } from './element-picker-model';
import { useMappedElements } from './use-mapped-elements';

interface Channel { id: string; name: string; type: string }
interface User { id: string; name: string; email: string; role: string }
/** One choice of an id picker: what is stored, and how a person recognises it. */
interface Choice { id: string; label: string }

/** The Flows actions' ids picked from the account's lists: what to load, and how to word it. */
const FLOW_PICKERS: Record<string, { key: string; path: string; label: string; choose: string; missing: string; empty: string; variable?: string; toChoice: (x: Record<string, unknown>) => Choice }> = {
  offer_appointment: {
    key: 'serviceId', path: '/appointment-services', label: 'Service', choose: 'Choose a service…', missing: 'No such service here',
    empty: 'No appointment services yet: add one on the Appointments page.',
    toChoice: (s) => ({ id: String(s.id), label: `${String(s.name)} · ${String(s.durationMinutes)} min` }),
  },
  start_campaign: {
    key: 'campaignId', path: '/campaigns?limit=200', label: 'Campaign', choose: 'Choose a campaign…', missing: 'No such campaign here',
    empty: 'No campaigns yet: create a draft on the Campaigns page.',
    // The schema allows a {{variable}} (e.g. a campaign id sent with an API event): an example of one.
    variable: '{{trigger.payload.campaignId}}',
    toChoice: (c) => ({ id: String(c.id), label: `${String(c.name)} · ${CAMPAIGN_STATUS[c.status as CampaignStatus]?.label ?? String(c.status)}` }),
  },
};

export interface NodePanelProps {
  rule: RuleNodeBody;
  catalogue: Catalogue;
  issues: RuleIssue[];
  variables: NodeVariable[];
  readOnly: boolean;
  onChange: (next: RuleNodeBody, coalesce?: string) => void;
  onDelete: () => void;
  onClose: () => void;
}

/** The picker's choice that switches to typing a {{variable}}. */
const VARIABLE = '{{';
const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNITS: [string, string][] = [['s', 'seconds'], ['m', 'minutes'], ['h', 'hours'], ['d', 'days']];

export function NodePanel({ rule, catalogue, issues, variables, readOnly, onChange, onDelete, onClose }: NodePanelProps) {
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const picksUser = rule.kind === 'action' && rule.action === 'assign_agent';
  const flowPicker = rule.kind === 'action' ? FLOW_PICKERS[rule.action] : undefined;
  const [choices, setChoices] = useState<{ path: string; items: Choice[] } | null>(null);
  /** The node whose id is being typed as a {{variable}} instead of picked. */
  const [byVariable, setByVariable] = useState<string | null>(null);
  // Mapped elements are picked by name and picture (the trigger stores the id); conditions offer their names.
  const picksElement = rule.kind === 'trigger' && rule.trigger === 'visitor.element';
  const mapped = useMappedElements(picksElement || rule.kind === 'condition' || rule.kind === 'branch' || rule.kind === 'delay');
  const valueChoices = mapped ? { 'visitor.elementName': elementNameChoices(mapped) } : undefined;
  useEffect(() => {
    if (rule.kind !== 'trigger') return;
    api<{ items: Channel[] }>('/channels?limit=200').then((r) => setChannels(r.items), () => setChannels(null));
  }, [rule.kind]);
  // People are picked by name: nobody knows a user id by heart.
  useEffect(() => {
    if (!picksUser) return;
    api<{ items: User[] }>('/users').then((r) => setUsers(r.items), () => setUsers(null));
  }, [picksUser]);
  // Services and campaigns too: read fresh, so one created a moment ago is there.
  useEffect(() => {
    if (!flowPicker) return;
    const { path, toChoice } = flowPicker;
    api<{ items: Record<string, unknown>[] }>(path).then((r) => setChoices({ path, items: r.items.map(toChoice) }), () => setChoices(null));
  }, [flowPicker]);

  const style = KIND_STYLE[rule.kind];
  const title = nodeTypeTitle(rule, catalogue);
  const descriptor = rule.kind === 'action' ? catalogue.actions.find((a) => a.id === rule.action)
    : rule.kind === 'step' ? catalogue.steps.find((s) => s.id === rule.step) : null;
  const triggerSpec = rule.kind === 'trigger' ? catalogue.triggers.find((t) => t.type === rule.trigger) : null;
  const description = descriptor?.description ?? triggerSpec?.description ?? KIND_HELP[rule.kind];
  const nodeIssues = issues;

  const userPicker = (value: unknown, set: (v: unknown) => void): ReactNode => {
    const current = typeof value === 'string' ? value : '';
    const known = users?.some((u) => u.id === current);
    return (
      <select className="select" disabled={readOnly} value={current} aria-label="Agent" onChange={(e) => set(e.target.value || undefined)}>
        <option value="">Choose a person…</option>
        {users?.map((u) => <option key={u.id} value={u.id}>{u.name} · {u.role} · {u.email}</option>)}
        {current && !known && <option value={current}>{current.startsWith('{{') ? current : `No such user here (${current})`}</option>}
      </select>
    );
  };

  const idPicker = (value: unknown, set: (v: unknown) => void): ReactNode => {
    const p = flowPicker!;
    const items = choices?.path === p.path ? choices.items : [];
    const current = typeof value === 'string' ? value : '';
    const known = items.some((c) => c.id === current);
    if (p.variable && (byVariable === rule.id || current.startsWith('{{'))) {
      return (
        <div className="stack" style={{ gap: 4 }}>
          <TemplateInput id={`f-input-${p.key}`} value={current} variables={variables} disabled={readOnly} ariaLabel={`${p.label} (variable)`}
            placeholder={p.variable} onChange={(v) => set(v || undefined)} />
          {!readOnly && <button type="button" className="btn-link" style={{ alignSelf: 'flex-start' }} onClick={() => { setByVariable(null); set(undefined); }}>Pick from the list instead</button>}
        </div>
      );
    }
    return (
      <>
        <select id={`f-input-${p.key}`} className="select" disabled={readOnly} value={current} aria-label={p.label}
          onChange={(e) => { if (e.target.value === VARIABLE) { setByVariable(rule.id); set(undefined); } else set(e.target.value || undefined); }}>
          <option value="">{p.choose}</option>
          {items.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          {current && !known && <option value={current}>{`${p.missing} (${current})`}</option>}
          {p.variable && <option value={VARIABLE}>A {'{{variable}}'}…</option>}
        </select>
        {items.length === 0 && <span className="help">{p.empty}</span>}
      </>
    );
  };

  // The amount is typed in the smallest unit (1250); say what the customer will pay (12.50 EUR).
  const amountInput = (value: unknown, set: (v: unknown) => void): ReactNode => {
    const input = rule.kind === 'action' ? rule.input ?? {} : {};
    const invalid = nodeIssues.some((i) => fieldOf(i) === 'input.amount');
    return (
      <div className="row">
        <input id="f-input-amount" className={`input grow${invalid ? ' invalid' : ''}`} type="number" min={1} step={1} disabled={readOnly} aria-label="Amount" value={typeof value === 'number' ? value : ''}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />
        <span className="muted small" data-testid="amount-in-words">{typeof value === 'number' ? `= ${minorAmountText(value, input.currency)}` : ''}</span>
      </div>
    );
  };

  const channelPicker: FormContext['custom'] = (key, value, set) => {
    if (picksElement && key === 'element') return <ElementPicker all={mapped} value={typeof value === 'string' && value ? value : undefined} readOnly={readOnly} onChange={set} />;
    if (picksElement && key === 'interaction') return <InteractionPicker value={value} readOnly={readOnly} onChange={set} />;
    if (key === 'userId' && picksUser && users) return userPicker(value, set);
    if (key === 'amount' && rule.kind === 'action' && rule.action === 'request_payment') return amountInput(value, set);
    if (flowPicker && key === flowPicker.key && choices?.path === flowPicker.path) return idPicker(value, set);
    if (key !== 'channelIds' || !channels) return null;
    const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
    if (channels.length === 0) return <p className="muted small">No channels connected yet: the rule applies to every channel.</p>;
    return (
      <div className="stack" style={{ gap: 6 }}>
        {channels.map((c) => (
          <label key={c.id} className="check"><input type="checkbox" disabled={readOnly} checked={chosen.has(c.id)}
            onChange={(e) => { const next = e.target.checked ? [...chosen, c.id] : [...chosen].filter((x) => x !== c.id); set(next.length ? next : undefined); }} />
            {c.name} <span className="muted small">{c.type}</span></label>
        ))}
      </div>
    );
  };

  const formCtx = (base: string, root: Record<string, unknown>): FormContext => ({
    root, variables, readOnly, issues: nodeIssues, base, custom: channelPicker,
    label: (key) => (key === 'userId' && picksUser ? 'Agent' : flowPicker && key === flowPicker.key ? flowPicker.label : picksElement && key === 'element' ? 'Mapped element' : null),
  });

  let body: ReactNode = null;
  switch (rule.kind) {
    case 'trigger':
      body = (
        <>
          <div className="field">
            <label className="field-label" htmlFor="trigger-type">When</label>
            <select id="trigger-type" className="select" disabled={readOnly} value={rule.trigger}
              onChange={(e) => {
                const type = e.target.value as TriggerType;
                const schema = catalogue.triggers.find((t) => t.type === type)?.configSchema;
                onChange({ ...rule, trigger: type, config: defaultsOf(schema) });
              }}>
              {TRIGGER_TYPES.map((t) => <option key={t} value={t}>{catalogue.triggers.find((x) => x.type === t)?.title ?? t}</option>)}
            </select>
          </div>
          {triggerSpec && (
            <SchemaForm schema={triggerSpec.configSchema} value={rule.config ?? {}} ctx={formCtx('config', triggerSpec.configSchema)}
              onChange={(config, c) => onChange({ ...rule, config }, `config.${c}`)} />
          )}
        </>
      );
      break;
    case 'condition':
    case 'branch':
      body = (
        <>
          <div className="section-title">{rule.kind === 'branch' ? 'Take “Yes” when all of these hold; otherwise “No”' : 'Go on only when all of these hold'}</div>
          <ConditionBuilder base="all" value={rule.all ?? []} fields={catalogue.fields} variables={variables} readOnly={readOnly} issues={nodeIssues}
            onChange={(all, c) => onChange({ ...rule, all }, c)} valueChoices={valueChoices} />
        </>
      );
      break;
    case 'switch':
      body = (
        <>
          <Field label="Value to compare" issues={nodeIssues} field="value" help="Usually a variable, e.g. {{trigger.message.answer.optionId}}.">
            <TemplateInput value={rule.value ?? ''} variables={variables} disabled={readOnly} invalid={nodeIssues.some((i) => fieldOf(i) === 'value')}
              placeholder="{{trigger.message.answer.optionId}}" onChange={(value) => onChange({ ...rule, value }, 'value')} ariaLabel="Value to compare" />
          </Field>
          <div className="section-title">Cases <span className="muted" style={{ fontWeight: 400 }}>· one output each, then Default</span></div>
          {rule.cases.map((c, i) => (
            <div key={c.id} className="subform" data-field={`cases.${i}`}>
              {!readOnly && <button type="button" className="btn btn-ghost btn-sm btn-icon remove" aria-label={`Remove case ${i + 1}`} onClick={() => onChange({ ...rule, cases: rule.cases.filter((_, j) => j !== i) })}><Icon name="x" /></button>}
              <Field label={`Equals (${c.id})`} issues={nodeIssues} field={`cases.${i}.equals`}>
                <input className="input" disabled={readOnly} value={c.equals} onChange={(e) => onChange({ ...rule, cases: rule.cases.map((x, j) => (j === i ? { ...x, equals: e.target.value } : x)) }, `cases.${i}.equals`)} />
              </Field>
              <Field label="Label on the canvas" optional issues={nodeIssues} field={`cases.${i}.label`}>
                <input className="input" disabled={readOnly} value={c.label ?? ''} onChange={(e) => onChange({ ...rule, cases: rule.cases.map((x, j) => (j === i ? { ...x, label: e.target.value || undefined } : x)) }, `cases.${i}.label`)} />
              </Field>
            </div>
          ))}
          {!readOnly && <button type="button" className="btn btn-sm" style={{ marginBottom: 14 }} onClick={() => onChange({ ...rule, cases: [...rule.cases, { id: newCaseId(rule.cases.map((c) => c.id)), equals: '' }] })}><Icon name="plus" />Add case</button>}
          <label className="check"><input type="checkbox" disabled={readOnly} checked={rule.ignoreCase ?? true} onChange={(e) => onChange({ ...rule, ignoreCase: e.target.checked })} />Ignore letter case</label>
        </>
      );
      break;
    case 'delay': {
      const m = DURATION.exec(rule.duration ?? '');
      const amount = m ? m[1] : '';
      const unit = m ? (m[2] === 'ms' ? 's' : m[2]) : 'm';
      body = (
        <>
          <Field label="Wait for" issues={nodeIssues} field="duration" help="A durable timer: the wait survives restarts.">
            <div className="row">
              <input className="input" type="number" min={1} style={{ width: 110 }} disabled={readOnly} value={amount} aria-label="Wait amount"
                onChange={(e) => onChange({ ...rule, duration: `${e.target.value}${unit}` }, 'duration')} />
              <select className="select grow" disabled={readOnly} value={unit} aria-label="Wait unit" onChange={(e) => onChange({ ...rule, duration: `${amount || 1}${e.target.value}` })}>
                {UNITS.map(([u, l]) => <option key={u} value={u}>{l}</option>)}
              </select>
            </div>
          </Field>
          <div className="section-title">Then go on only if these still hold <span className="muted" style={{ fontWeight: 400 }}>· optional</span></div>
          <p className="help" style={{ marginBottom: 8 }}>Checked again when the wait ends, with the case as it is then: “if still unanswered after 2 hours, escalate”.</p>
          <ConditionBuilder base="recheck" value={rule.recheck ?? []} fields={catalogue.fields} variables={variables} readOnly={readOnly} issues={nodeIssues}
            onChange={(recheck, c) => onChange({ ...rule, recheck }, c)} addLabel="Add a re-check" valueChoices={valueChoices} />
        </>
      );
      break;
    }
    case 'action':
    case 'step':
      body = descriptor ? (
        <>
          <SchemaForm schema={descriptor.inputSchema} value={rule.input ?? {}} ctx={formCtx('input', descriptor.inputSchema)}
            onChange={(input, c) => onChange({ ...rule, input }, `input.${c}`)} />
          {descriptor.outputs.length > 0 && (
            <>
              <div className="section-title">Gives later nodes</div>
              <ul className="outputs">
                {descriptor.outputs.map((o) => <li key={o.path}><code>{`{{steps.${rule.id}.output.${o.path}}}`}</code> <span className="muted">{o.description}</span></li>)}
              </ul>
            </>
          )}
          <p className="help" style={{ marginTop: 14 }}>
            Retries: up to {descriptor.retry.maximumAttempts} attempt{descriptor.retry.maximumAttempts === 1 ? '' : 's'}{descriptor.retry.maximumAttempts > 1 ? `, starting ${descriptor.retry.initialInterval} apart` : ''}.
          </p>
        </>
      ) : <div className="banner danger">“{rule.kind === 'action' ? rule.action : rule.step}” is not in this Parley’s catalogue. {rule.kind === 'step' ? 'Register the step in temporal.config.ts, or delete this node.' : 'Delete this node.'}</div>;
      break;
  }

  return (
    <aside className="side-panel" aria-label="Node configuration">
      <div className="side-head">
        <span className="pi-icon" style={{ width: 28, height: 28, borderRadius: 7, display: 'grid', placeItems: 'center', background: style.colour, color: '#fff' }}><Icon name={nodeIcon(rule)} size={15} /></span>
        <div className="grow">
          <div className="kind-chip" style={{ color: style.colour }}>{KIND_LABEL[rule.kind]}</div>
          <h2>{title}</h2>
        </div>
        <span className="node-id" title="Node id (used in variables and run history)">{rule.id}</span>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close panel" onClick={onClose}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        {readOnly && <div className="banner info" style={{ marginBottom: 14 }}><Icon name="lock" />Read only: an admin can change this rule.</div>}
        {nodeIssues.length > 0 && (
          <div className="banner danger" role="alert" style={{ marginBottom: 14, flexDirection: 'column', gap: 4 }}>
            <b>{nodeIssues.length === 1 ? 'One problem to fix' : `${nodeIssues.length} problems to fix`}</b>
            {nodeIssues.map((i, n) => <span key={n}>{issueText(i)}</span>)}
          </div>
        )}
        {description && <p className="help" style={{ marginBottom: 16, fontSize: 13 }}>{description}</p>}
        {body}
        <div className="section-title" style={{ marginTop: 22 }}>On the canvas</div>
        <Field label="Card title" optional issues={nodeIssues} field="label" help="Shown instead of the summary; leave empty to describe the node automatically.">
          <input className="input" disabled={readOnly} maxLength={120} value={rule.label ?? ''} onChange={(e) => onChange({ ...rule, label: e.target.value || undefined }, 'label')} />
        </Field>
      </div>
      {!readOnly && rule.kind !== 'trigger' && (
        <div className="side-foot">
          <button className="btn btn-danger btn-sm" onClick={onDelete}><Icon name="trash" />Delete node</button>
          <span className="spacer" />
          <span className="muted small">Ctrl+C / Ctrl+V copies</span>
        </div>
      )}
    </aside>
  );
}

const KIND_HELP: Record<string, string> = {
  condition: 'Stops this branch unless every test holds. For “otherwise”, use an If / else.',
  branch: 'Two ways out: “Yes” when every test holds, “No” otherwise.',
  switch: 'One way out per value, and Default when none matches.',
  delay: 'Waits, then (optionally) checks again before going on.',
};

function Field({ label, optional, help, issues, field, children }: { label: string; optional?: boolean; help?: string; issues: RuleIssue[]; field: string; children: ReactNode }) {
  const mine = issues.filter((i) => fieldOf(i) === field);
  return (
    <div className={`field${mine.length ? ' invalid' : ''}`} data-field={field}>
      <span className="field-label">{label}{optional && <span className="optional">optional</span>}</span>
      {children}
      {help && <span className="help">{help}</span>}
      {mine.map((i, n) => <span key={n} className="field-error">{i.message}</span>)}
    </div>
  );
}
