// Which connections the canvas accepts while a handle is dragged: the trigger starts the rule (no
// incoming edges), edges leave through the handles a node has (true/false, one per switch case,
// else `next`), never twice the same, and never back into a node that leads to the source (rules
// are acyclic; delays, not loops, make them wait).
import { outputHandles, type RuleNode } from '../model';
import { NEXT_HANDLE, type FlowEdge, type FlowNode } from './flow-types';

export interface ConnectionAttempt {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/** Whether `to` can be reached from `from` following edges. */
export function reaches(edges: Pick<FlowEdge, 'source' | 'target'>[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

export function checkConnection(c: ConnectionAttempt, nodes: FlowNode[], edges: FlowEdge[]): ConnectionCheck {
  if (!c.source || !c.target) return { ok: false, reason: 'Drop the connection on a node.' };
  if (c.source === c.target) return { ok: false, reason: 'A node cannot connect to itself.' };
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'That node is not on the canvas.' };
  if (target.data.rule.kind === 'trigger') return { ok: false, reason: 'The trigger starts the rule: nothing connects into it.' };
  const handle = c.sourceHandle ?? NEXT_HANDLE;
  const handles = outputHandles(source.data.rule as RuleNode);
  if (!handles.includes(handle)) return { ok: false, reason: `This node has no “${handle}” output.` };
  if (c.targetHandle && c.targetHandle !== 'in') return { ok: false, reason: 'Connect into the top of a node.' };
  if (edges.some((e) => e.source === c.source && e.target === c.target && (e.sourceHandle ?? NEXT_HANDLE) === handle)) {
    return { ok: false, reason: 'These nodes are already connected this way.' };
  }
  if (reaches(edges, c.target, c.source)) return { ok: false, reason: 'That would make a loop: rules run top to bottom.' };
  return { ok: true };
}
