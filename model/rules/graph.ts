// The rule model: one graph of nodes joined by edges, shared by the engine (validation, the
// interpreter inside workflows), the API and the browser console. No Node imports here: this file
// is bundled into Temporal workflows and into the editor.
import { z } from 'zod';
import { PredicateSchema } from './predicate';
import { TRIGGER_TYPES } from './trigger-types';

/** Stable node ids: the canvas, run paths, variables (`steps.<id>`) and diffs all key on them. */
export const NodeIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
  message: 'Node id must start with a letter and use at most 64 letters, digits, _ or -',
});

const Position = z.object({ x: z.number(), y: z.number() });

const base = {
  id: NodeIdSchema,
  /** What the canvas shows; defaults to the node type's title. */
  label: z.string().max(120).optional(),
  /** Canvas only: never read by the engine. */
  position: Position.default({ x: 0, y: 0 }),
};

export const TriggerNodeSchema = z.object({
  ...base,
  kind: z.literal('trigger'),
  trigger: z.enum(TRIGGER_TYPES),
  /** Per trigger type; checked against the trigger's config schema by the validator. */
  config: z.record(z.string(), z.unknown()).default({}),
});

/** All predicates must hold (AND). A failed condition ends its branch; use a branch node for OR / else. */
export const ConditionNodeSchema = z.object({
  ...base,
  kind: z.literal('condition'),
  all: z.array(PredicateSchema).max(50),
});

/** If / else: out through the `true` or the `false` handle. */
export const BranchNodeSchema = z.object({
  ...base,
  kind: z.literal('branch'),
  all: z.array(PredicateSchema).max(50),
});

/** Switch on a value (a template such as `{{trigger.message.answer.optionId}}`): one handle per case, then `default`. */
export const SwitchNodeSchema = z.object({
  ...base,
  kind: z.literal('switch'),
  value: z.string().min(1).max(500),
  cases: z.array(z.object({ id: NodeIdSchema, equals: z.string().max(500), label: z.string().max(120).optional() })).max(50),
  ignoreCase: z.boolean().default(true),
});

/**
 * A durable timer. When it ends, the case and contact are read again and `recheck` (delayed
 * conditions) must still hold for the branch to go on: "if still unanswered after 2 h, escalate".
 */
export const DelayNodeSchema = z.object({
  ...base,
  kind: z.literal('delay'),
  /** e.g. `90s`, `15m`, `2h`, `3d`. */
  duration: z.string().regex(/^\d+(ms|s|m|h|d)$/, { message: 'Duration is a number and a unit: 90s, 15m, 2h, 3d' }),
  recheck: z.array(PredicateSchema).max(50).default([]),
});

/** A built-in action (send message, add tag, call a URL, ...). `input` is checked against the action's schema. */
export const ActionNodeSchema = z.object({
  ...base,
  kind: z.literal('action'),
  action: z.string().min(1).max(100),
  input: z.record(z.string(), z.unknown()).default({}),
});

/** A developer's custom step (defineStep), by its id. */
export const StepNodeSchema = z.object({
  ...base,
  kind: z.literal('step'),
  step: z.string().min(1).max(100),
  input: z.record(z.string(), z.unknown()).default({}),
});

export const RuleNodeSchema = z.discriminatedUnion('kind', [
  TriggerNodeSchema, ConditionNodeSchema, BranchNodeSchema, SwitchNodeSchema, DelayNodeSchema, ActionNodeSchema, StepNodeSchema,
]);

export const RuleEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: NodeIdSchema,
  /** `true` / `false` for a branch, a case id or `default` for a switch; absent (= `next`) otherwise. */
  sourceHandle: z.string().max(64).nullish(),
  target: NodeIdSchema,
});

/** How big a graph may get: the interpreter and validator stay fast and the editor readable. */
export const GRAPH_LIMITS = { nodes: 200, edges: 400 } as const;

export const RuleGraphSchema = z.object({
  nodes: z.array(RuleNodeSchema).max(GRAPH_LIMITS.nodes, { message: `A rule has at most ${GRAPH_LIMITS.nodes} nodes` }),
  edges: z.array(RuleEdgeSchema).max(GRAPH_LIMITS.edges, { message: `A rule has at most ${GRAPH_LIMITS.edges} edges` }),
});

export type TriggerNode = z.infer<typeof TriggerNodeSchema>;
export type ConditionNode = z.infer<typeof ConditionNodeSchema>;
export type BranchNode = z.infer<typeof BranchNodeSchema>;
export type SwitchNode = z.infer<typeof SwitchNodeSchema>;
export type DelayNode = z.infer<typeof DelayNodeSchema>;
export type ActionNode = z.infer<typeof ActionNodeSchema>;
export type StepNode = z.infer<typeof StepNodeSchema>;
export type RuleNode = z.infer<typeof RuleNodeSchema>;
export type RuleNodeKind = RuleNode['kind'];
export type RuleEdge = z.infer<typeof RuleEdgeSchema>;
export type RuleGraph = z.infer<typeof RuleGraphSchema>;

/** The handles a node's outgoing edges may use. */
export function outputHandles(node: RuleNode): string[] {
  switch (node.kind) {
    case 'branch': return ['true', 'false'];
    case 'switch': return [...node.cases.map((c) => c.id), 'default'];
    default: return ['next'];
  }
}

/** An edge's handle, with the implicit `next`. */
export const handleOf = (edge: RuleEdge) => edge.sourceHandle ?? 'next';
