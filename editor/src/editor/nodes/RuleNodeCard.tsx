// The node cards on the canvas. Every card says in words what its node does; branch and switch
// cards have one labelled output handle per way out. Decorations come from the editor: validation
// issues (red), a run's path (taken / dimmed, with the outcome) and a version diff.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../../graph/flow-types';
import { NEXT_HANDLE } from '../../graph/flow-types';
import { changeText } from '../../graph/diff-view';
import { checkDetailText, KIND_LABEL, nodeDetail, nodeSummary } from '../../graph/summary';
import { outcomeLabel } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useCatalogue } from '../catalogue-context';
import { KIND_STYLE, nodeIcon } from '../kinds';

interface Out { id: string; label?: string }

const BAD_OUTCOMES = new Set(['error', 'recheck_failed']);
const STOP_OUTCOMES = new Set(['failed', 'not_matched']);

function Card({ data, selected, outputs, width }: NodeProps<FlowNode> & { outputs: Out[]; width?: number }) {
  const catalogue = useCatalogue();
  const rule = data.rule;
  const summary = nodeSummary(rule, catalogue);
  const detail = nodeDetail(rule, catalogue);
  const style = KIND_STYLE[rule.kind];
  const classes = ['rf-node', `k-${rule.kind}`];
  if (data.issues?.length) classes.push('has-issues');
  if (data.path === 'taken') classes.push('path-taken');
  if (data.path === 'dimmed') classes.push('path-dimmed');
  if (data.outcome && BAD_OUTCOMES.has(data.outcome)) classes.push('outcome-bad');
  if (data.outcome && STOP_OUTCOMES.has(data.outcome)) classes.push('outcome-stop');
  if (data.diff) classes.push(`diff-${data.diff}`);
  const outcome = data.outcome ? outcomeLabel(data.outcome) : null;
  return (
    <div className={classes.join(' ')} style={width ? { width } : undefined} data-node-id={rule.id} data-selected={selected || undefined}
      aria-label={`${KIND_LABEL[rule.kind]} ${rule.id}: ${summary}`}>
      {rule.kind !== 'trigger' && <Handle type="target" position={Position.Top} id="in" isConnectable={!data.readOnly} />}
      <div className="rf-node-head">
        <span className="kind-chip"><Icon name={nodeIcon(rule)} size={13} />{KIND_LABEL[rule.kind]}</span>
        <span className="node-id">{rule.id}</span>
      </div>
      <div className="rf-node-title">{rule.label || summary}</div>
      {rule.label && <div className="rf-node-label">{summary}</div>}
      {detail && <div className="rf-node-detail">{detail}</div>}
      {data.issues && data.issues.length > 0 && (
        <div className="rf-node-issues" role="alert">
          {data.issues.map((m, i) => <div key={i} className="row" style={{ gap: 6, alignItems: 'flex-start' }}><Icon name="alert" size={13} style={{ flex: 'none', marginTop: 2 }} />{m}</div>)}
        </div>
      )}
      {outcome && (
        <div className="rf-node-outcome">
          <span className={`chip ${outcome.tone}`}>{outcome.label}</span>
          {data.outcomeDetail && data.outcome !== 'skipped' && <span className="detail">{checkDetailText(data.outcomeDetail, catalogue?.fields)}</span>}
        </div>
      )}
      {data.diff && (
        <div className="rf-node-diff">
          <span className={`chip ${data.diff === 'added' ? 'ok' : data.diff === 'removed' ? 'danger' : 'warn'}`}>{data.diff === 'added' ? 'Added' : data.diff === 'removed' ? 'Removed' : 'Changed'}</span>
          {data.changedFields && data.changedFields.length > 0 && <span className="muted"> {data.changedFields.map(changeText).join(', ')}</span>}
        </div>
      )}
      {outputs.map((o, i) => {
        const left = `${((i + 1) / (outputs.length + 1)) * 100}%`;
        return (
          <Handle key={o.id} type="source" position={Position.Bottom} id={o.id} isConnectable={!data.readOnly} style={{ left }}
            data-handle-label={o.label ?? o.id}>
            {o.label && <span className="handle-label" style={{ left: '50%', top: 10 }}>{o.label}</span>}
          </Handle>
        );
      })}
    </div>
  );
}

const single: Out[] = [{ id: NEXT_HANDLE }];

export const TriggerNode = memo((p: NodeProps<FlowNode>) => <Card {...p} outputs={single} />);
export const ConditionNode = memo((p: NodeProps<FlowNode>) => <Card {...p} outputs={single} />);
export const DelayNode = memo((p: NodeProps<FlowNode>) => <Card {...p} outputs={single} />);
export const ActionNode = memo((p: NodeProps<FlowNode>) => <Card {...p} outputs={single} />);
export const StepNode = memo((p: NodeProps<FlowNode>) => <Card {...p} outputs={single} />);

export const BranchNode = memo((p: NodeProps<FlowNode>) => (
  <Card {...p} outputs={[{ id: 'true', label: 'Yes' }, { id: 'false', label: 'No' }]} />
));

export const SwitchNode = memo((p: NodeProps<FlowNode>) => {
  const rule = p.data.rule;
  const cases = rule.kind === 'switch' ? rule.cases : [];
  const outputs: Out[] = [...cases.map((c) => ({ id: c.id, label: c.label || c.equals || c.id })), { id: 'default', label: 'Default' }];
  return <Card {...p} outputs={outputs} width={Math.max(264, outputs.length * 84)} />;
});

export const nodeTypes = {
  trigger: TriggerNode, condition: ConditionNode, branch: BranchNode, switch: SwitchNode, delay: DelayNode, action: ActionNode, step: StepNode,
};
