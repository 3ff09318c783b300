// What the customer reads in the case thread: the secure payment link (a URL button where the
// channel has buttons, a rich link where it has those, a plain link otherwise) and the outcome.
import { createHash } from 'node:crypto';
import type { RichContentSupport } from '../../connectors/manifest';
import { formatMoney } from '../../model/payments/money';
import type { ContentMessage } from '../../model/content/model';
import type { ReplyInput } from '../cases/case-commands';

interface LinkFacts {
  amount: number;
  currency: string;
  description: string;
  url: string;
  expiresAt: number;
}

const supports = (richContent: readonly RichContentSupport[], type: string) =>
  richContent.some((r) => r.type === type && (r.level === 'native' || r.level === 'degraded'));

const until = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The link message for a channel with these rich-content capabilities; the text always carries the URL. */
export function paymentLinkMessage(facts: LinkFacts, richContent: readonly RichContentSupport[]): ReplyInput {
  const amount = formatMoney(facts.amount, facts.currency);
  const intro = `Payment request: ${facts.description} — ${amount}. Pay securely with Stripe (the link works until ${until(facts.expiresAt)}).`;
  const text = `${intro}\n${facts.url}`;
  let message: ContentMessage;
  if (supports(richContent, 'buttons')) {
    message = { content: { type: 'buttons', text: intro, buttons: [{ id: 'pay', title: `Pay ${amount}`, action: { type: 'url', url: facts.url } }] }, fallbackText: text };
  } else if (supports(richContent, 'richLink')) {
    message = { content: { type: 'richLink', url: facts.url, title: `Pay ${amount}: ${facts.description}`.slice(0, 256), description: intro }, fallbackText: text };
  } else {
    message = { content: { type: 'text', text, format: 'plain' } };
  }
  return { content: message, text };
}

export type OutcomeNotice = 'paid' | 'failed' | 'expired' | 'cancelled' | 'refund';

/** What the customer is told when the request ends (or a refund is made); plain text on every channel. */
export function paymentOutcomeText(kind: OutcomeNotice, facts: { amount: number; currency: string; description: string; refundAmount?: number }): string {
  const amount = formatMoney(facts.amount, facts.currency);
  switch (kind) {
    case 'paid': return `Payment received: ${amount} for ${facts.description}. Thank you!`;
    case 'failed': return `Your payment of ${amount} for ${facts.description} did not go through. You have not been charged; reply here if you want to try again.`;
    case 'expired': return `The payment link for ${amount} (${facts.description}) has expired. Reply here if you still want to pay and we will send a new one.`;
    case 'cancelled': return `The payment request for ${amount} (${facts.description}) was cancelled: the link no longer works.`;
    case 'refund': return `A refund of ${formatMoney(facts.refundAmount ?? facts.amount, facts.currency)} for ${facts.description} is on its way to you.`;
  }
}

export function textReply(text: string): ReplyInput {
  return { content: { content: { type: 'text', text, format: 'plain' } } as ContentMessage, text };
}

/**
 * `msg_<time><seq><hash>` like engine/ids (the thread is ordered by id), from the activity's first
 * scheduling time and a hash of payment + purpose: the same on every retry, so a message is sent once.
 */
export function paymentMessageId(paymentId: string, purpose: string, at: number): string {
  const hash = createHash('sha256').update(`${paymentId}\n${purpose}`).digest('hex').slice(0, 12);
  return `msg_${at.toString(36).padStart(9, '0')}zzz${hash}`;
}
