// One problem with one field of an input: what the API's problem+json lists, what validators return.
// Lives with the shared models (no Node imports) so the engine, the connectors and the console agree.
export interface FieldIssue {
  path: string;
  message: string;
  /** For a rule graph: the node the problem is on. */
  nodeId?: string | null;
}
