// What a custom step's `run` gets besides its input: which run and node it belongs to, the
// triggering event, the attempt number, a cancellation signal and a logger. Inside a Temporal
// activity these come from the activity's Context; in a plain call (tests, scripts) defaults apply.
import { Context } from '@temporalio/activity';
import type { RuleEvent } from '../../model/rules/event';

export interface StepLogger {
  debug(message: string, attrs?: Record<string, unknown>): void;
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
  error(message: string, attrs?: Record<string, unknown>): void;
}

export interface StepContext {
  runId: string;
  ruleId: string;
  accountId: string;
  /** The step's node in the rule graph; `runId` + `nodeId` is stable across retries (use it as an idempotency key). */
  nodeId: string;
  /** The event that started the run. */
  event: RuleEvent;
  /** 1 on the first try, 2 on the first retry, … */
  attempt: number;
  /** Aborted when the run is cancelled or the activity times out: pass it to fetch and the like. */
  signal: AbortSignal;
  log: StepLogger;
  /** The global fetch, with `signal` defaulting to the one above. */
  fetch: typeof fetch;
}

/** What the caller knows about the run (ActionRunInfo fits), plus optional overrides for tests. */
export interface StepRunInfo {
  runId: string;
  ruleId: string;
  accountId: string;
  nodeId: string;
  event: RuleEvent;
  attempt?: number;
  signal?: AbortSignal;
  log?: StepLogger;
  fetch?: typeof fetch;
}

/** The current activity's Context, or null outside an activity. */
export function currentActivityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

const NEVER_ABORTED = new AbortController().signal;

function consoleLogger(prefix: string): StepLogger {
  const line = (message: string, attrs?: Record<string, unknown>) => (attrs ? [`${prefix} ${message}`, attrs] : [`${prefix} ${message}`]);
  return {
    debug: () => {},
    info: (m, a) => console.info(...line(m, a)),
    warn: (m, a) => console.warn(...line(m, a)),
    error: (m, a) => console.error(...line(m, a)),
  };
}

function fetchWithSignal(base: typeof fetch, signal: AbortSignal): typeof fetch {
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) => base(input, { ...init, signal: init?.signal ?? signal })) as typeof fetch;
}

export function createStepContext(stepId: string, info: StepRunInfo): StepContext {
  const activity = currentActivityContext();
  const signal = info.signal ?? activity?.cancellationSignal ?? NEVER_ABORTED;
  const log: StepLogger = info.log ?? (activity
    ? {
      debug: (m, a) => activity.log.debug(m, { step: stepId, ...a }),
      info: (m, a) => activity.log.info(m, { step: stepId, ...a }),
      warn: (m, a) => activity.log.warn(m, { step: stepId, ...a }),
      error: (m, a) => activity.log.error(m, { step: stepId, ...a }),
    }
    : consoleLogger(`[step ${stepId}]`));
  return {
    runId: info.runId,
    ruleId: info.ruleId,
    accountId: info.accountId,
    nodeId: info.nodeId,
    event: info.event,
    attempt: info.attempt ?? activity?.info.attempt ?? 1,
    signal,
    log,
    fetch: fetchWithSignal(info.fetch ?? globalThis.fetch, signal),
  };
}
