// What a reader can get out of an Adaptive Card without rendering it: its text, its links and its
// submit actions, in document order. The fallback numbers the actions; the model uses it to insist
// that a card says something a text-only channel can show.
import { markdownToText } from './markdown-to-text';

export type AdaptiveCardItem =
  | { kind: 'text'; text: string }
  | { kind: 'link'; title: string; url: string }
  | { kind: 'action'; id: string; title: string; payload: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** Walks body elements, containers, columns and action sets; unknown elements are skipped, not errors. */
export function adaptiveCardItems(card: Record<string, unknown>): AdaptiveCardItem[] {
  const items: AdaptiveCardItem[] = [];
  const text = (value: string | undefined) => {
    if (value) items.push({ kind: 'text', text: value });
  };

  const walk = (elements: unknown): void => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isRecord(element)) continue;
      const type = element.type;
      if (type === 'TextBlock') text(str(element.text) && markdownToText(element.text as string));
      else if (type === 'RichTextBlock' && Array.isArray(element.inlines)) {
        text(str(element.inlines.map((i) => (typeof i === 'string' ? i : isRecord(i) && typeof i.text === 'string' ? i.text : '')).join('')));
      } else if (type === 'FactSet' && Array.isArray(element.facts)) {
        for (const fact of element.facts) {
          if (isRecord(fact) && (str(fact.title) || str(fact.value))) text(`${str(fact.title) ?? ''}: ${str(fact.value) ?? ''}`);
        }
      } else if (type === 'Image') text(str(element.altText));
      else if (type === 'ColumnSet' && Array.isArray(element.columns)) {
        for (const column of element.columns) if (isRecord(column)) walk(column.items);
      } else if (type === 'ActionSet') actions(element.actions);
      else {
        if (typeof type === 'string' && type.startsWith('Input.')) text(str(element.label) ?? str(element.placeholder));
        walk(element.items);
      }
    }
  };

  const actions = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const action of list) {
      if (!isRecord(action)) continue;
      const title = str(action.title);
      if (!title) continue;
      if (action.type === 'Action.OpenUrl' && str(action.url)) items.push({ kind: 'link', title, url: action.url as string });
      else if (action.type === 'Action.Submit' || action.type === 'Action.Execute') {
        items.push({ kind: 'action', id: str(action.id) ?? title, title, payload: JSON.stringify(action.data ?? {}) });
      } else if (action.type === 'Action.ShowCard' && isRecord(action.card)) {
        text(title);
        walk(action.card.body);
        actions(action.card.actions);
      }
    }
  };

  walk(card.body);
  actions(card.actions);
  // The card's own fallbackText is what hosts show when they cannot render the card at all.
  if (items.length === 0) text(str(card.fallbackText) ?? str(card.speak));
  return items;
}
