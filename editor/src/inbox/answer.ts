// The customer's tap as an answer: the question it answers (a message of the thread) and the title
// of the option chosen, read from that question's content.
import { formatMoment } from '../ui/time-format';
import type { Message } from './types';

type Block = Record<string, any>;

export function optionTitles(content: unknown): Map<string, string> {
  const titles = new Map<string, string>();
  const root = (content as { content?: unknown } | null)?.content;
  const blocks: Block[] = root ? (Array.isArray(root) ? root : [root]) : [];
  const add = (list: Block[] | undefined, title = (o: Block) => o.title as string) => list?.forEach((o) => titles.set(o.id, title(o)));
  for (const b of blocks) {
    if (b.type === 'quickReplies') add(b.replies);
    if (b.type === 'buttons' || b.type === 'card') add(b.buttons);
    if (b.type === 'carousel') b.cards?.forEach((c: Block) => add(c.buttons));
    if (b.type === 'listPicker') b.sections?.forEach((s: Block) => add(s.items));
    if (b.type === 'timePicker') {
      add(b.slots, (s) => formatMoment(s.start, 'weekdayTime', b.timezone));
    }
  }
  return titles;
}

export function questionText(content: unknown): string {
  const root = (content as { content?: unknown } | null)?.content;
  const blocks: Block[] = root ? (Array.isArray(root) ? root : [root]) : [];
  const b = blocks.find((x) => ['quickReplies', 'buttons', 'listPicker', 'timePicker', 'card'].includes(x.type)) ?? blocks[0];
  return (b?.text ?? b?.title ?? '') as string;
}

/** For an inbound message that answers a question: the question and the chosen option's title. */
export function answerOf(message: Message, thread: Message[]): { question: Message; title: string } | null {
  const answer = message.content?.answer;
  if (!answer) return null;
  const question = thread.find((m) => m.id === answer.messageId);
  if (!question) return null;
  return { question, title: optionTitles(question.content).get(answer.optionId) ?? answer.payload };
}
