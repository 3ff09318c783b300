// The rule model's public API: one import for the engine, the API and the editor (browser).
// Everything here is pure and free of Node imports.
export * from './graph';
export * from './predicate';
export * from './trigger-types';
export * from './triggers';
export * from './actions';
export * from './event';
export * from './run';
export * from './catalogue';
export * from './variables-spec';

export * from './duration';
export * from './templates';
export * from './fields';
export * from './text-match';
export * from './safe-regex';
export * from './business-hours';
export * from './probability';
export * from './conditions';
export * from './context';
export * from './trigger-match';
export * from './graph-index';
export * from './interpreter';
export * from './dry-run';
export * from './payload-schema';
export * from './available-variables';
export * from './validate-graph';
export * from './diff';
export * from './stable-json';
export * from './rule-document';
