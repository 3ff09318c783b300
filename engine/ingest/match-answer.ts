// A customer's message that answers the question Parley last sent in the case — a tapped option,
// or a number or title typed in a text-only conversation — is recorded with the option chosen, so
// rules and agents see "chose: Billing" instead of guessing what "2" meant.
import { getRendering } from '../../connectors/renderers';
import type { InboundEvent } from '../../connectors/connector';
import type { ContentMessage } from '../../model/content/model';
import { parseContentMessage } from '../../model/content/model';
import { fallbackOptions } from '../../model/content/fallback';

export interface MatchedAnswer {
  /** The message whose option was chosen. */
  messageId: string;
  optionId: string;
  payload: string;
}

/**
 * `locale`: the customer's locale (engine/contacts/customer-locale.ts), the one the question's
 * fallback was rendered in, so a slot typed as the customer read it ("mar, 4 mar 2025, 10:00–10:30")
 * is recognised as well as its English title and its number.
 */
export function matchAnswer(
  channelType: string,
  event: Extract<InboundEvent, { kind: 'message' | 'postback' }>,
  lastOutbound: { id: string; content: unknown } | undefined,
  locale?: string,
): MatchedAnswer | null {
  if (!lastOutbound) return null;
  const rendering = getRendering(channelType);
  if (!rendering) return null;
  const sent = parseContentMessage(lastOutbound.content);
  if (!sent.ok) return null;
  const answer = rendering.parseAnswer(event, sent.value as ContentMessage, { locales: locale ? [locale] : [] });
  return answer ? { messageId: lastOutbound.id, optionId: answer.optionId, payload: answer.payload } : null;
}

/** The chosen option's title in the question that was answered (what rules see as answer.title). */
export function answerTitle(question: { content: unknown } | undefined, optionId: string): string | undefined {
  if (!question) return undefined;
  const sent = parseContentMessage(question.content);
  if (!sent.ok) return undefined;
  return fallbackOptions(sent.value as ContentMessage).find((o) => o.id === optionId)?.title;
}
