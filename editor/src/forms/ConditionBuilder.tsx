// The condition builder: a list of tests that must all hold. Each picks a field from the catalogue,
// an operator the field accepts (in words), and a value typed to the field (a select for fixed
// values, a number, a duration, text with variable suggestions).
import type { ConditionField, RuleIssue } from '../api/types';
import { fieldOf } from '../graph/issues';
import { OPERATOR_WORDS } from '../graph/summary';
import type { NodeVariable } from '../graph/variables';
import type { Predicate } from '../model';
import { Icon } from '../ui/icons';
import { TemplateInput } from './TemplateInput';

const VALUELESS = new Set(['present', 'absent', 'inside', 'outside']);
const LIST_OPS = new Set(['in', 'not_in']);
const TEXTUAL = new Set(['text', 'any', 'answer', 'list', 'id']);

const WILDCARD_HINT: Record<string, string> = { key: 'field key, e.g. plan', path: 'payload path, e.g. order.amount', step: 'e.g. action_2.output.status' };

export function findCatalogueField(fields: ConditionField[], id: string): { field: ConditionField; key: string } | null {
  const exact = fields.find((f) => f.id === id && !f.wildcard);
  if (exact) return { field: exact, key: '' };
  for (const f of fields) {
    if (!f.wildcard) continue;
    const prefix = f.id.slice(0, -1);
    if (id.startsWith(prefix)) return { field: f, key: id.slice(prefix.length) };
  }
  return null;
}

function groupFields(fields: ConditionField[]) {
  const groups = new Map<string, ConditionField[]>();
  for (const f of fields) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  return [...groups.entries()];
}

export interface ConditionBuilderProps {
  value: Predicate[];
  onChange: (next: Predicate[], coalesce: string) => void;
  fields: ConditionField[];
  variables: NodeVariable[];
  readOnly: boolean;
  issues: RuleIssue[];
  /** The predicates' field in the node: `all` or `recheck`. */
  base: string;
  addLabel?: string;
  /** Values to pick from for some fields (by field id), e.g. the names of mapped elements. */
  valueChoices?: Record<string, string[]>;
}

export function ConditionBuilder({ value, onChange, fields, variables, readOnly, issues, base, addLabel = 'Add a test', valueChoices }: ConditionBuilderProps) {
  const update = (i: number, p: Predicate, coalesce = `${base}.${i}`) => onChange(value.map((x, j) => (j === i ? p : x)), coalesce);
  const add = () => {
    const first = fields.find((f) => f.id === 'message.text') ?? fields[0];
    onChange([...value, { field: first?.id ?? 'message.text', op: (first?.operators[0] ?? 'equals') as Predicate['op'], value: '' }], `${base}.add`);
  };
  return (
    <div>
      {value.length === 0 && <p className="muted small" style={{ marginBottom: 8 }}>No tests yet.</p>}
      {value.map((p, i) => (
        <div key={i}>
          {i > 0 && <div className="and">AND</div>}
          <PredicateRow predicate={p} fields={fields} variables={variables} readOnly={readOnly}
            issues={issues.filter((x) => fieldOf(x) === `${base}.${i}` || fieldOf(x).startsWith(`${base}.${i}.`))}
            onChange={(next, c) => update(i, next, c ? `${base}.${i}.${c}` : undefined)} onRemove={() => onChange(value.filter((_, j) => j !== i), `${base}.remove`)}
            index={i} valueChoices={valueChoices} />
        </div>
      ))}
      {!readOnly && <button type="button" className="btn btn-sm" onClick={add}><Icon name="plus" />{addLabel}</button>}
    </div>
  );
}

function PredicateRow({ predicate, fields, variables, readOnly, issues, onChange, onRemove, index, valueChoices }: {
  predicate: Predicate; fields: ConditionField[]; variables: NodeVariable[]; readOnly: boolean; issues: RuleIssue[];
  onChange: (p: Predicate, coalesce?: string) => void; onRemove: () => void; index: number; valueChoices?: Record<string, string[]>;
}) {
  const found = findCatalogueField(fields, predicate.field);
  const op = predicate.op;
  const field = withChoices(found?.field, valueChoices, op, predicate.value);
  const ops = field?.operators ?? Object.keys(OPERATOR_WORDS);

  const chooseField = (id: string) => {
    const f = fields.find((x) => x.id === id);
    if (!f) return;
    const nextOp = (f.operators.includes(op) ? op : f.operators[0]) as Predicate['op'];
    const next: Predicate = { field: f.wildcard ? f.id.slice(0, -1) : f.id, op: nextOp };
    if (!VALUELESS.has(nextOp)) next.value = f.values?.[0] ?? (f.type === 'number' || f.type === 'percent' ? 0 : '');
    onChange(next);
  };
  const chooseOp = (o: string) => {
    const next: Predicate = { ...predicate, op: o as Predicate['op'] };
    if (VALUELESS.has(o)) delete next.value;
    else if (LIST_OPS.has(o) && !Array.isArray(next.value)) next.value = next.value === undefined || next.value === '' ? [] : [String(next.value)];
    else if (!LIST_OPS.has(o) && Array.isArray(next.value)) next.value = next.value.join(', ');
    else if (next.value === undefined) next.value = field?.values?.[0] ?? '';
    onChange(next);
  };
  const setValue = (v: Predicate['value']) => onChange({ ...predicate, value: v }, 'value');
  const invalid = issues.length > 0;
  const textOptions = field && (field.type === 'text' || field.type === 'any') && ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'in', 'not_in', 'matches'].includes(op);

  const valueless = VALUELESS.has(op);
  const checkboxes = Boolean(field?.values?.length) && LIST_OPS.has(op);
  return (
    <div className={`predicate${invalid ? ' invalid' : ''}`} data-field={`predicate-${index}`}>
      <div className="row">
        <select className="select grow" aria-label={`Test ${index + 1} field`} disabled={readOnly} value={field?.id ?? ''} onChange={(e) => chooseField(e.target.value)}>
          {!field && <option value="">{predicate.field || 'Choose a field…'}</option>}
          {groupFields(fields).map(([group, list]) => (
            <optgroup key={group} label={group}>
              {list.map((f) => <option key={f.id} value={f.id}>{f.title}</option>)}
            </optgroup>
          ))}
        </select>
        {!readOnly && <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove test ${index + 1}`} onClick={onRemove}><Icon name="x" /></button>}
      </div>
      {field?.wildcard && (
        <div className="row">
          <span className="mono muted">{field.id.slice(0, -1)}</span>
          <input className="input grow" aria-label={`Test ${index + 1} key`} disabled={readOnly} placeholder={WILDCARD_HINT[field.wildcard]} value={found?.key ?? ''}
            onChange={(e) => onChange({ ...predicate, field: field.id.slice(0, -1) + e.target.value.trim() }, 'key')} />
        </div>
      )}
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <select className="select" style={{ width: valueless ? '100%' : 150, flex: 'none' }} aria-label={`Test ${index + 1} operator`} disabled={readOnly} value={op} onChange={(e) => chooseOp(e.target.value)}>
          {ops.map((o) => <option key={o} value={o}>{opWords(o, field)}</option>)}
        </select>
        {!valueless && !checkboxes && <div className="grow"><ValueInput predicate={predicate} field={field} variables={variables} readOnly={readOnly} invalid={invalid} onChange={setValue} index={index} /></div>}
      </div>
      {checkboxes && <ValueInput predicate={predicate} field={field} variables={variables} readOnly={readOnly} invalid={invalid} onChange={setValue} index={index} />}
      {textOptions && !readOnly && (
        <div className="row wrap" style={{ gap: 14, marginTop: 8 }}>
          <label className="check small"><input type="checkbox" checked={predicate.ignoreCase ?? true} onChange={(e) => onChange({ ...predicate, ignoreCase: e.target.checked })} />Ignore case</label>
          <label className="check small"><input type="checkbox" checked={predicate.ignoreAccents ?? true} onChange={(e) => onChange({ ...predicate, ignoreAccents: e.target.checked })} />Ignore accents</label>
          {(op === 'contains' || op === 'not_contains') && (
            <label className="check small"><input type="checkbox" checked={(predicate.match ?? 'words') === 'words'} onChange={(e) => onChange({ ...predicate, match: e.target.checked ? 'words' : 'substring' })} />Whole words</label>
          )}
        </div>
      )}
      {field?.description && <p className="help" style={{ marginTop: 6 }}>{field.description}</p>}
      {issues.map((x, n) => <p key={n} className="field-error" style={{ marginTop: 4 }}>{x.message}</p>)}
    </div>
  );
}

function opWords(op: string, field: ConditionField | undefined): string {
  if (field?.type === 'percent' && op === 'less') return 'for % of events';
  if (field?.type === 'duration' && op === 'greater') return 'is longer than';
  if (field?.type === 'duration' && op === 'less') return 'is shorter than';
  if (field?.type === 'calendar') return op === 'inside' ? 'is inside' : 'is outside';
  return OPERATOR_WORDS[op] ?? op;
}

/** A text field compared for equality offers the given values (the typed one kept, a blank until one is picked). */
function withChoices(field: ConditionField | undefined, choices: Record<string, string[]> | undefined, op: string, value: unknown): ConditionField | undefined {
  const extra = field && choices?.[field.id];
  if (!field || !extra?.length || !['equals', 'not_equals', 'in', 'not_in'].includes(op)) return field;
  const current = Array.isArray(value) ? value.map(String) : [String(value ?? '')];
  const missing = current.filter((v) => !extra.includes(v) && !(LIST_OPS.has(op) && v === ''));
  return { ...field, values: [...missing, ...extra] };
}

function ValueInput({ predicate, field, variables, readOnly, invalid, onChange, index }: {
  predicate: Predicate; field: ConditionField | undefined; variables: NodeVariable[]; readOnly: boolean; invalid: boolean;
  onChange: (v: Predicate['value']) => void; index: number;
}) {
  const label = `Test ${index + 1} value`;
  const v = predicate.value;
  const list = LIST_OPS.has(predicate.op);
  const cls = `input${invalid ? ' invalid' : ''}`;
  if (field?.values?.length) {
    if (list) {
      const chosen = new Set(Array.isArray(v) ? v.map(String) : []);
      return (
        <div className="row wrap" style={{ gap: 12, marginTop: 8 }} aria-label={label}>
          {field.values.map((x) => (
            <label key={x} className="check small"><input type="checkbox" disabled={readOnly} checked={chosen.has(x)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, x] : [...chosen].filter((y) => y !== x))} />{x}</label>
          ))}
        </div>
      );
    }
    return (
      <select className={`select${invalid ? ' invalid' : ''}`} aria-label={label} disabled={readOnly} value={String(v ?? '')} onChange={(e) => onChange(e.target.value)}>
        {field.values.map((x) => <option key={x} value={x}>{x}</option>)}
      </select>
    );
  }
  if (field?.type === 'boolean') {
    return (
      <select className="select" aria-label={label} disabled={readOnly} value={String(v ?? true)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">yes</option><option value="false">no</option>
      </select>
    );
  }
  if (field?.type === 'number' || field?.type === 'percent') {
    return (
      <div className="row">
        <input className={cls} type="number" aria-label={label} disabled={readOnly} min={field.type === 'percent' ? 0 : undefined} max={field.type === 'percent' ? 100 : undefined}
          value={typeof v === 'number' ? v : typeof v === 'string' ? v : ''} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))} />
        {field.type === 'percent' && <span className="muted">%</span>}
      </div>
    );
  }
  if (field?.type === 'duration') {
    return <input className={cls} aria-label={label} disabled={readOnly} placeholder="e.g. 2h, 30m, 3d" value={String(v ?? '')} onChange={(e) => onChange(e.target.value.trim())} />;
  }
  if (field?.type === 'date') {
    return <input className={cls} aria-label={label} disabled={readOnly} placeholder="2026-01-31 or {{…}}" value={String(v ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
  if (list) {
    const text = Array.isArray(v) ? v.join(', ') : String(v ?? '');
    return (
      <TemplateInput ariaLabel={label} value={text} variables={variables} disabled={readOnly} invalid={invalid} placeholder="Values, comma separated"
        onChange={(t) => onChange(t.split(',').map((s) => s.trim()).filter((s, i, all) => s !== '' || i < all.length - 1))} />
    );
  }
  const placeholder = field && TEXTUAL.has(field.type) ? (predicate.op === 'matches' ? 'A regular expression' : 'Value; {{variables}} allowed') : 'Value';
  return (
    <TemplateInput ariaLabel={label} value={typeof v === 'string' ? v : v === undefined ? '' : String(v)} variables={variables} disabled={readOnly} invalid={invalid}
      placeholder={placeholder} onChange={(t) => onChange(t)} />
  );
}
