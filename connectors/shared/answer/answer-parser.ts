// The one shape every channel's answer parser has: accept a normalized InboundEvent or the
// provider's raw event, pull out a tap or typed text, and resolve it against the sent message.
import type { ContentMessage } from '../../../model/content/model';
import type { AnswerContext, AnswerParser, AnswerPostback } from '../../render';
import { resolveAnswer, type AnswerSignal } from './resolve-answer';

/** Reads the provider's raw inbound shape; returns null when the event carries no answer at all. */
export type SignalReader = (raw: Record<string, unknown>) => AnswerSignal | null;

export function answerParser(channel: string, readRaw: SignalReader): AnswerParser {
  return (inbound: unknown, sent: ContentMessage, context?: AnswerContext): AnswerPostback | null => {
    if (!isRecord(inbound)) return null;
    const signal = normalizedSignal(inbound) ?? readRaw(inbound);
    return signal ? resolveAnswer(channel, inbound, signal, sent, context) : null;
  };
}

/** A normalized InboundEvent (connectors/connector.ts): postbacks are taps, messages typed text. */
function normalizedSignal(event: Record<string, unknown>): AnswerSignal | null {
  if (typeof event.eventId !== 'string') return null;
  if (event.kind === 'postback' && typeof event.payload === 'string') return { tap: event.payload };
  if (event.kind === 'message' && typeof event.text === 'string') return { text: event.text };
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a path of keys (and array indexes) through unknown JSON. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = at[key];
    } else {
      if (!isRecord(at)) return undefined;
      at = at[key];
    }
  }
  return at;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
