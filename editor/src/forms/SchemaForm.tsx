// Forms generated from JSON Schema (the catalogue's trigger config and action / step input
// schemas): text with variable suggestions, numbers, switches, enums as selects, lists of strings
// or of objects, nested objects, raw JSON for free-form records; descriptions become help text and
// validation issues are shown on the field they name.
import { useEffect, useState, type ReactNode } from 'react';
import type { JsonSchema, RuleIssue } from '../api/types';
import { fieldOf } from '../graph/issues';
import type { NodeVariable } from '../graph/variables';
import { Icon } from '../ui/icons';
import { enumValues, getIn, itemsOf, kindOf, labelFor, propertiesOf, requiredOf, resolve, setIn, type Path } from './json-schema';
import { TemplateInput } from './TemplateInput';

export interface FormContext {
  /** The schema `$ref`s resolve against. */
  root: JsonSchema;
  variables: NodeVariable[];
  readOnly: boolean;
  /** Issues of this node; their field paths start with `base` (e.g. `input`). */
  issues: RuleIssue[];
  base: string;
  /** Extra widgets for particular property keys (e.g. channel pickers). */
  custom?: (key: string, value: unknown, set: (v: unknown) => void) => ReactNode | null;
  /** A better label than the schema gives for a property key (e.g. "Agent" for a picker of people). */
  label?: (key: string) => string | null;
}

type Change = (next: Record<string, unknown>, coalesce: string) => void;

const fieldIssues = (ctx: FormContext, path: Path) => {
  const key = [ctx.base, ...path].join('.');
  return ctx.issues.filter((i) => fieldOf(i) === key);
};

const domId = (ctx: FormContext, path: Path) => `f-${ctx.base}-${path.join('-')}`;

const singular = (label: string) => label.replace(/ies$/, 'y').replace(/([^s])s$/, '$1');

export function SchemaForm({ schema, value, onChange, ctx }: { schema: JsonSchema; value: Record<string, unknown>; onChange: Change; ctx: FormContext }) {
  const props = propertiesOf(schema, ctx.root);
  if (props.length === 0) return <p className="muted small">Nothing to configure.</p>;
  const required = new Set(requiredOf(schema, ctx.root));
  return (
    <>
      {props.map(([key, prop]) => (
        <PropertyField key={key} name={key} schema={prop} required={required.has(key)} path={[key]} value={value} onChange={onChange} ctx={ctx} />
      ))}
    </>
  );
}

function PropertyField({ name, schema, required, path, value, onChange, ctx }: {
  name: string; schema: JsonSchema; required: boolean; path: Path; value: Record<string, unknown>; onChange: Change; ctx: FormContext;
}) {
  const s = resolve(schema, ctx.root);
  const kind = kindOf(schema, ctx.root);
  const current = getIn(value, path);
  const set = (v: unknown) => onChange(setIn(value, path, v), path.join('.'));
  const issues = fieldIssues(ctx, path);
  const nested = ctx.issues.filter((i) => fieldOf(i).startsWith(`${[ctx.base, ...path].join('.')}.`));
  const invalid = issues.length > 0;
  const id = domId(ctx, path);
  const label = ctx.label?.(name) ?? labelFor(name, s);
  // A description that only repeats the key ("User id") says nothing the label does not.
  const description = typeof s.description === 'string' ? s.description : null;
  const help = description && description.toLowerCase() !== labelFor(name, {}).toLowerCase() ? description : null;

  const custom = ctx.custom?.(name, current, set);
  let control: ReactNode;
  if (custom) control = custom;
  else switch (kind) {
    case 'string': {
      const max = typeof s.maxLength === 'number' ? s.maxLength : 0;
      const multiline = max > 500 || /^(text|body|question|message)$/i.test(name);
      control = <TemplateInput id={id} value={typeof current === 'string' ? current : ''} multiline={multiline} variables={ctx.variables}
        disabled={ctx.readOnly || s.readOnly === true} invalid={invalid}
        placeholder={multiline ? 'Type {{ to insert a variable' : typeof s.default === 'string' ? s.default : undefined}
        onChange={(v) => set(v === '' && !required ? undefined : v)} />;
      break;
    }
    case 'number':
    case 'integer':
      control = <input id={id} className={`input${invalid ? ' invalid' : ''}`} type="number" disabled={ctx.readOnly}
        step={kind === 'integer' ? 1 : 'any'} min={s.minimum as number | undefined} max={s.maximum as number | undefined}
        value={typeof current === 'number' ? current : ''} placeholder={s.default !== undefined ? String(s.default) : undefined}
        onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />;
      break;
    case 'boolean':
      control = (
        <label className="check">
          <input id={id} type="checkbox" disabled={ctx.readOnly} checked={current === undefined ? Boolean(s.default) : Boolean(current)} onChange={(e) => set(e.target.checked)} />
          {help ?? label}
        </label>
      );
      break;
    case 'enum': {
      const values = enumValues(schema, ctx.root);
      control = (
        <select id={id} className={`select${invalid ? ' invalid' : ''}`} disabled={ctx.readOnly} value={current === undefined ? '' : String(current)}
          onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)}>
          {(!required || current === undefined) && <option value="">{s.default !== undefined ? `Default (${String(s.default)})` : 'Choose…'}</option>}
          {values.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      );
      break;
    }
    case 'array':
      control = <ArrayField schema={schema} path={path} value={value} current={Array.isArray(current) ? current : []} onChange={onChange} ctx={ctx} label={label} />;
      break;
    case 'object':
      control = (
        <div className="subform">
          {propertiesOf(schema, ctx.root).map(([k, p]) => (
            <PropertyField key={k} name={k} schema={p} required={requiredOf(schema, ctx.root).includes(k)} path={[...path, k]} value={value} onChange={onChange} ctx={ctx} />
          ))}
        </div>
      );
      break;
    default:
      control = <JsonField id={id} value={current} disabled={ctx.readOnly} invalid={invalid} onChange={set} />;
  }

  return (
    <div className={`field${invalid ? ' invalid' : ''}`} data-field={[ctx.base, ...path].join('.')}>
      {kind !== 'boolean' && (
        <label htmlFor={id} className="field-label">{label}{!required && <span className="optional">optional</span>}</label>
      )}
      {control}
      {help && kind !== 'boolean' && <span className="help">{help}</span>}
      {[...issues, ...(kind === 'array' || kind === 'object' ? [] : nested)].map((i, n) => <span key={n} className="field-error">{i.message}</span>)}
    </div>
  );
}

function ArrayField({ schema, path, value, current, onChange, ctx, label }: {
  schema: JsonSchema; path: Path; value: Record<string, unknown>; current: unknown[]; onChange: Change; ctx: FormContext; label: string;
}) {
  const items = itemsOf(schema, ctx.root);
  const itemKind = kindOf(items, ctx.root);
  const max = typeof resolve(schema, ctx.root).maxItems === 'number' ? (resolve(schema, ctx.root).maxItems as number) : Infinity;
  const setList = (list: unknown[]) => onChange(setIn(value, path, list.length ? list : undefined), path.join('.'));
  const add = () => setList([...current, itemKind === 'object' ? {} : itemKind === 'number' || itemKind === 'integer' ? 0 : '']);
  const remove = (i: number) => setList(current.filter((_, j) => j !== i));
  return (
    <div className="stack" style={{ gap: 6 }}>
      {current.length === 0 && <span className="muted small">None</span>}
      {current.map((item, i) => {
        const itemPath = [...path, i];
        const itemIssues = fieldIssues(ctx, itemPath);
        if (itemKind === 'object') {
          return (
            <div key={i} className="subform" data-field={[ctx.base, ...itemPath].join('.')}>
              {!ctx.readOnly && <button type="button" className="btn btn-ghost btn-sm btn-icon remove" aria-label={`Remove ${singular(label).toLowerCase()} ${i + 1}`} onClick={() => remove(i)}><Icon name="x" /></button>}
              {propertiesOf(items, ctx.root).map(([k, p]) => (
                <PropertyField key={k} name={k} schema={p} required={requiredOf(items, ctx.root).includes(k)} path={[...itemPath, k]} value={value} onChange={onChange} ctx={ctx} />
              ))}
            </div>
          );
        }
        return (
          <div key={i} className="row" data-field={[ctx.base, ...itemPath].join('.')}>
            <div className="grow">
              {itemKind === 'enum' ? (
                <select className="select" disabled={ctx.readOnly} value={String(item ?? '')} onChange={(e) => onChange(setIn(value, itemPath, e.target.value), itemPath.join('.'))}>
                  {enumValues(items, ctx.root).map((v) => <option key={v} value={v}>{v}</option>)}
                </select>
              ) : itemKind === 'number' || itemKind === 'integer' ? (
                <input className="input" type="number" disabled={ctx.readOnly} value={typeof item === 'number' ? item : ''} onChange={(e) => onChange(setIn(value, itemPath, Number(e.target.value)), itemPath.join('.'))} />
              ) : (
                <TemplateInput value={typeof item === 'string' ? item : ''} variables={ctx.variables} disabled={ctx.readOnly} invalid={itemIssues.length > 0}
                  ariaLabel={`${singular(label)} ${i + 1}`} onChange={(v) => onChange(setIn(value, itemPath, v), itemPath.join('.'))} />
              )}
              {itemIssues.map((x, n) => <span key={n} className="field-error">{x.message}</span>)}
            </div>
            {!ctx.readOnly && <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${singular(label).toLowerCase()} ${i + 1}`} onClick={() => remove(i)}><Icon name="x" /></button>}
          </div>
        );
      })}
      {!ctx.readOnly && current.length < max && (
        <div><button type="button" className="btn btn-sm" onClick={add}><Icon name="plus" />Add {singular(label).toLowerCase()}</button></div>
      )}
    </div>
  );
}

/** Free-form JSON: kept as text while it does not parse, committed when it does. */
function JsonField({ id, value, onChange, disabled, invalid }: { id: string; value: unknown; onChange: (v: unknown) => void; disabled: boolean; invalid: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    let same = false;
    try { same = JSON.stringify(JSON.parse(text || 'null')) === JSON.stringify(value ?? null); } catch { same = false; }
    if (!same && !bad) setText(value === undefined ? '' : JSON.stringify(value, null, 2));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <textarea id={id} className={`textarea code${invalid || bad ? ' invalid' : ''}`} disabled={disabled} value={text} placeholder="{ }"
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') { setBad(false); onChange(undefined); return; }
          try { onChange(JSON.parse(e.target.value)); setBad(false); } catch { setBad(true); }
        }} />
      {bad && <span className="field-error">Not valid JSON yet: it is kept here and not saved until it parses.</span>}
    </>
  );
}
