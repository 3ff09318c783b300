// The one place the console reaches outside editor/: the shared rule model (model/rules),
// which has no Node imports and is bundled into Temporal workflows and into this app alike. The
// editor uses its graph types and handles, variables, diff and stable JSON from here.
export * from '../../model/rules';
