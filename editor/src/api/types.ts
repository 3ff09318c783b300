// The shapes the console reads from and sends to the Parley API (/api/openapi.json has them all).
import type {
  ConditionField, DryRunAction, DryRunResult as ModelDryRunResult, PathEntry, Predicate, RuleGraph, RuleRunStatus, RunStepRecord,
  StepDescriptor, TriggerType, VariableSpec,
} from '../model';

export type Role = 'admin' | 'supervisor' | 'agent';

export interface Me {
  accountId: string;
  role: Role;
  keyId: string;
  /** user: a sign-in session; apiKey: an integration key; bootstrap: PARLEY_ADMIN_TOKEN. */
  kind: 'user' | 'apiKey' | 'bootstrap';
  user: { id: string; email: string; name: string; role: Role } | null;
}

/** One problem with a rule graph: the node it is on (null: the graph as a whole), the field path and a message. */
export interface RuleIssue {
  nodeId: string | null;
  path: string;
  message: string;
}

export interface RuleSummary {
  id: string;
  name: string;
  description: string;
  folder: string;
  priority: number;
  enabled: boolean;
  /** The published version that runs; null when never published. */
  activeVersion: number | null;
  triggerType: TriggerType | null;
  triggerChannels: string[] | null;
  triggerKey: string | null;
  /** True when the draft differs from the active version. */
  hasUnpublishedChanges: boolean;
  draftUpdatedAt: string;
  runs: { lastRunAt: string | null; lastStatus: RunStatus | null; lastWeek: Record<string, number> };
  createdAt: string;
  updatedAt: string;
}

export interface Rule extends RuleSummary {
  /** The draft graph as saved (may be incomplete). */
  draft: RuleGraph;
}

export interface RuleVersion {
  version: number;
  status: 'published' | 'archived';
  note: string;
  publishedAt: string;
  publishedBy: string | null;
  rolledBackFrom: number | null;
  graph?: RuleGraph;
}

export type RunStatus = RuleRunStatus;
export type RunStep = RunStepRecord;

export interface RuleRun {
  id: string;
  ruleId: string;
  version: number;
  eventId: string;
  caseId: string | null;
  status: RunStatus;
  path: PathEntry[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  historyDeletedAt: string | null;
}

export interface RuleRunDetail extends RuleRun {
  steps: RunStep[];
  rule: { id: string; name: string; version: number };
  event: Record<string, unknown> | null;
  eventSummary: string | null;
}

export interface RecordedEvent {
  id: string;
  type: TriggerType;
  occurredAt: string;
  channelId: string | null;
  caseId: string | null;
  messageId: string | null;
  summary: string;
}

export type PlannedAction = Omit<DryRunAction, 'output'> & { output?: unknown };

/** The API's dry-run: the shared model's result and the event it ran on. */
export type DryRunResult = ModelDryRunResult & { event: Record<string, unknown> };

interface ReplayTally {
  fired: number;
  failed: number;
  actions: Record<string, number>;
}

interface ReplayOutcome {
  outcome: 'completed' | 'no_match' | 'failed';
  actions: PlannedAction[];
}

export interface ReplayResult {
  days: number;
  since: string;
  events: number;
  draft: ReplayTally;
  published: (ReplayTally & { version: number }) | null;
  changedCount: number;
  changed: { eventId: string; occurredAt: string; summary: string; draft: ReplayOutcome; published: ReplayOutcome | null }[];
}

export interface TriggerDescriptor {
  type: TriggerType;
  title: string;
  description: string;
  configSchema: JsonSchema;
  variables: VariableSpec[];
}


export interface Catalogue {
  triggers: TriggerDescriptor[];
  actions: StepDescriptor[];
  steps: StepDescriptor[];
  fields: ConditionField[];
  operators: string[];
  /** Filled by the console, not the API: user ids → names, so cards say "Assign to Ana Ruiz". */
  people?: Record<string, string>;
  /** Filled by the console too: appointment service ids → names ("Offer appointment: Cata de café"). */
  services?: Record<string, string>;
  /** Filled by the console too: campaign ids → names ("Start campaign Renovación plan"). */
  campaigns?: Record<string, string>;
  /** Filled by the console too: channel ids → names ("Message received · inbound · Web shop chat"). */
  channels?: Record<string, string>;
}

export type JsonSchema = Record<string, unknown>;

export interface BusinessHoursSettings {
  timeZone: string;
  weekly: Partial<Record<Weekday, string[]>>;
  holidays: string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface AutomationSettings {
  /** The calendar the business-hours condition reads; null: always open. */
  businessHours: BusinessHoursSettings | null;
  /** The password is never returned: `passwordSet` says whether there is one. */
  smtp: { host: string; port: number; secure: boolean; user: string | null; from: string; passwordSet: boolean } | null;
  allowPrivateUrls: boolean;
  /** Shown to admins only. */
  urlSigningSecret: string | null;
  updatedAt: string;
}

export interface AutomationSettingsPatch {
  businessHours?: BusinessHoursSettings | null;
  smtp?: { host: string; port: number; secure?: boolean; user?: string | null; from: string; password?: string | null } | null;
  allowPrivateUrls?: boolean;
  rotateUrlSigningSecret?: boolean;
}

export type { ConditionField, Predicate };
