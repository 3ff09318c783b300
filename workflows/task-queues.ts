// Parley's two task queues: case workflows on the configured one, rule runs on a sibling. Two
// bundles, two queues: every cached workflow instantiates each module of its bundle, so the many
// long-lived case workflows stay free of the rule model and zod.
export const rulesTaskQueue = (caseTaskQueue: string) => `${caseTaskQueue}-rules`;
