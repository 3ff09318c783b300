// What a draft must be to be stored: a JSON object within the size limits. Anything else about it
// may be wrong (work in progress); validation issues are reported next to the saved draft.
import { ParleyError } from '../../errors';
import { GRAPH_LIMITS } from '../../../model/rules/graph';

/** A draft's stored JSON may be at most this big. */
export const DRAFT_LIMIT_BYTES = 512 * 1024;

/** Refuses what must not be stored even as a draft; returns the draft as a plain object. */
export function checkDraft(graph: unknown): Record<string, unknown> {
  if (typeof graph !== 'object' || graph === null || Array.isArray(graph)) {
    throw new ParleyError(422, 'invalid_draft', 'A draft is a JSON object with `nodes` and `edges`.', [{ path: 'graph', message: 'must be a JSON object' }]);
  }
  const bytes = Buffer.byteLength(JSON.stringify(graph), 'utf8');
  if (bytes > DRAFT_LIMIT_BYTES) {
    throw new ParleyError(413, 'draft_too_large', `The draft is ${Math.ceil(bytes / 1024)} KB; a rule's draft may be at most ${DRAFT_LIMIT_BYTES / 1024} KB.`);
  }
  const draft = graph as Record<string, unknown>;
  for (const key of ['nodes', 'edges'] as const) {
    const list = draft[key];
    if (Array.isArray(list) && list.length > GRAPH_LIMITS[key]) {
      throw new ParleyError(422, 'graph_too_large', `A rule has at most ${GRAPH_LIMITS[key]} ${key}; this one has ${list.length}.`,
        [{ path: `graph.${key}`, message: `at most ${GRAPH_LIMITS[key]} ${key}` }]);
    }
  }
  return draft;
}
