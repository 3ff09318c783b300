// The `call_url` action: POSTs JSON to a URL the rule names, signed per Standard Webhooks so the
// receiver can check it came from this Parley account, and hands the JSON answer to later nodes
// as `steps.<nodeId>.output.body`. One attempt per call; the action's retry policy (ACTIONS)
// decides about more, and this module says which failures are worth another attempt.
import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import { currentActivityContext } from '../../../engine/steps/step-context';
import type { ActionHandler } from './action-handler';
import {
  checkOutboundUrl, describeUrl, OutboundUrlRefused, OutboundUrlUnresolved, requestVetted, type PinnedResponse,
} from './url-guard';

export interface CallUrlSettings {
  /** Private and loopback addresses (10/8, 192.168/16, 127/8, …) are refused unless this is on. */
  allowPrivateUrls: boolean;
  /** The account's Standard Webhooks secret (`whsec_…` base64). */
  urlSigningSecret: string;
}

export interface CallUrlDeps {
  getSettings(accountId: string): CallUrlSettings | Promise<CallUrlSettings>;
  /** Replaces the built-in request (which connects to the vetted address only); the URL is still checked first. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface CallUrlOutput {
  status: number;
  /** The answer parsed as JSON; null when it is empty or not JSON. */
  body: unknown;
  /** The start of a non-JSON answer. */
  text?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const SNIPPET = 300;

const snippet = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > SNIPPET ? `${t.slice(0, SNIPPET)}…` : t;
};

const refused = (message: string) => ApplicationFailure.nonRetryable(message, 'CallUrlRefused');
const unavailable = (message: string) => ApplicationFailure.retryable(message, 'CallUrlUnavailable');

/** Worth retrying: timeout, too early, rate limit, any server-side failure. */
const isTransientStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? (err as { code?: string }).code ?? cause?.message ?? (err as Error).message ?? String(err);
}

export function createCallUrlAction(deps: CallUrlDeps): ActionHandler {
  const now = deps.now ?? Date.now;

  return async (input, run): Promise<CallUrlOutput> => {
    const rawUrl = String(input.url ?? '');
    const timeoutMs = typeof input.timeoutMs === 'number' ? input.timeoutMs : DEFAULT_TIMEOUT_MS;
    const settings = await deps.getSettings(run.accountId);
    if (!settings.urlSigningSecret) {
      throw refused('Call a URL needs the account\'s URL signing secret: set it up in Settings → Automation first.');
    }

    let target;
    try {
      target = await checkOutboundUrl(rawUrl, { allowPrivate: settings.allowPrivateUrls });
    } catch (err) {
      if (err instanceof OutboundUrlRefused) throw refused(err.message);
      if (err instanceof OutboundUrlUnresolved) throw unavailable(err.message);
      throw err;
    }
    const shown = describeUrl(target.url);

    const body = JSON.stringify(input.body ?? {
      event: run.event,
      rule: { id: run.ruleId, name: run.ruleName, version: run.version },
      runId: run.runId,
    });
    // Stable across retries, so the receiver can drop a repeated delivery.
    const webhookId = `${run.runId}:${run.nodeId}`;
    const sentAt = now();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'Parley',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(sentAt / 1000)),
      'webhook-signature': new Webhook(settings.urlSigningSecret).sign(webhookId, new Date(Math.floor(sentAt / 1000) * 1000), body),
    };

    const timeout = AbortSignal.timeout(timeoutMs);
    const cancellation = currentActivityContext()?.cancellationSignal;
    const signal = cancellation ? AbortSignal.any([timeout, cancellation]) : timeout;

    let response: PinnedResponse;
    try {
      response = deps.fetch
        ? await deps.fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal })
        : await requestVetted(target, { method: 'POST', headers, body, signal });
    } catch (err) {
      if (cancellation?.aborted) throw err;
      if (timeout.aborted) throw unavailable(`${shown} did not answer within ${timeoutMs} ms.`);
      throw unavailable(`${shown} is unreachable: ${networkReason(err)}.`);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (cancellation?.aborted) throw err;
      throw unavailable(`${shown} answered ${response.status} but ${timeout.aborted ? `did not finish the answer within ${timeoutMs} ms` : `the answer broke off: ${networkReason(err)}`}.`);
    }

    const status = response.status;
    if (status < 200 || status >= 300) {
      const summary = `${shown} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
      const detail = text.trim() ? `: ${snippet(text)}` : '';
      if (isTransientStatus(status)) throw unavailable(`${summary}${detail}`);
      if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        throw refused(`${summary} (a redirect${location ? ` to ${describeUrl(location)}` : ''}): use the final URL in the rule.`);
      }
      throw refused(`${summary}${detail}`);
    }

    if (!text.trim()) return { status, body: null };
    try {
      return { status, body: JSON.parse(text) };
    } catch {
      return { status, body: null, text: snippet(text) };
    }
  };
}
