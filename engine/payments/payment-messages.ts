// What the customer reads in the case thread: the secure payment link (a URL button where the
// channel has buttons, a rich link where it has those, a plain link otherwise) and the outcome.
import { createHash } from 'node:crypto';
import type { RichContentSupport } from '../../connectors/manifest';
import { customerWords } from '../../model/i18n/customer-words';
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

/** The amount in the customer's locale ("12,50 €" in Spanish), ICU's no-break spaces made plain so SMS stays GSM-7. */
const money = (amount: number, currency: string, locale: string | undefined) =>
  formatMoney(amount, currency, locale ?? 'en').replace(/[\u2009\u202f\u00a0]/g, ' ');

const until = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/**
 * The link message for a channel with these rich-content capabilities; the text always carries the URL.
 * In the customer's language (`locale`, model/i18n), English when none is known.
 */
export function paymentLinkMessage(facts: LinkFacts, richContent: readonly RichContentSupport[], locale?: string): ReplyInput {
  const words = customerWords(locale).payment;
  const amount = money(facts.amount, facts.currency, locale);
  const intro = words.request(facts.description, amount, until(facts.expiresAt));
  const text = `${intro}\n${facts.url}`;
  let message: ContentMessage;
  if (supports(richContent, 'buttons')) {
    message = { content: { type: 'buttons', text: intro, buttons: [{ id: 'pay', title: words.pay(amount), action: { type: 'url', url: facts.url } }] }, fallbackText: text };
  } else if (supports(richContent, 'richLink')) {
    message = { content: { type: 'richLink', url: facts.url, title: `${words.pay(amount)}: ${facts.description}`.slice(0, 256), description: intro }, fallbackText: text };
  } else {
    message = { content: { type: 'text', text, format: 'plain' } };
  }
  return { content: message, text };
}

export type OutcomeNotice = 'paid' | 'failed' | 'expired' | 'cancelled' | 'refund';

/** What the customer is told when the request ends (or a refund is made); plain text on every channel. */
export function paymentOutcomeText(kind: OutcomeNotice, facts: { amount: number; currency: string; description: string; refundAmount?: number }, locale?: string): string {
  const words = customerWords(locale).payment;
  const amount = money(facts.amount, facts.currency, locale);
  switch (kind) {
    case 'paid': return words.paid(amount, facts.description);
    case 'failed': return words.failed(amount, facts.description);
    case 'expired': return words.expired(amount, facts.description);
    case 'cancelled': return words.cancelled(amount, facts.description);
    case 'refund': return words.refund(money(facts.refundAmount ?? facts.amount, facts.currency, locale), facts.description);
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
