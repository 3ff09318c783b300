// The one place the console reaches into the engine: the shared rule model (engine/rules/model),
// which has no Node imports and is bundled into Temporal workflows and into this app alike. The
// editor uses its graph types and handles, variables, diff and stable JSON from here.
export * from '../../engine/rules/model';
