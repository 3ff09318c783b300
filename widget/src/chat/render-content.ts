// Draws a message's content natively in the widget: text (plain, Markdown, sanitised HTML), quick
// replies, buttons, cards and carousels, rich links, list and time pickers; anything else as its
// plain-text fallback. Nothing an agent or a rule sends can run script here (see rich-text.ts).
// Options call `onPick` with the option's id and title (sent back as the visitor's answer).
import { renderHtml, renderMarkdown } from './rich-text';

export interface PickHandler { (optionId: string, title: string): void }

type Block = Record<string, any>;

function el(tag: string, cls?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function optionButton(id: string, title: string, onPick: PickHandler, enabled: boolean): HTMLElement {
  const b = el('button', 'opt', title) as HTMLButtonElement;
  b.type = 'button';
  b.disabled = !enabled;
  b.addEventListener('click', () => onPick(id, title));
  return b;
}

function buttons(list: Block[] | undefined, onPick: PickHandler, enabled: boolean): HTMLElement | null {
  if (!list?.length) return null;
  const row = el('div', 'opts');
  for (const b of list) {
    if (b.action?.type === 'url') {
      const a = el('a', 'opt link', b.title) as HTMLAnchorElement;
      a.href = b.action.url;
      a.target = '_blank';
      a.rel = 'noopener';
      row.append(a);
    } else if (b.action?.type === 'call') {
      const a = el('a', 'opt link', b.title) as HTMLAnchorElement;
      a.href = `tel:${b.action.phone}`;
      row.append(a);
    } else row.append(optionButton(b.id, b.title, onPick, enabled));
  }
  return row;
}

function card(c: Block, onPick: PickHandler, enabled: boolean): HTMLElement {
  const box = el('div', 'rc-card');
  if (c.imageUrl) { const img = el('img') as HTMLImageElement; img.src = c.imageUrl; img.alt = ''; box.append(img); }
  box.append(el('div', 'card-title', c.title));
  if (c.subtitle) box.append(el('div', 'card-sub', c.subtitle));
  const b = buttons(c.buttons, onPick, enabled);
  if (b) box.append(b);
  return box;
}

/** One block; `interactive` is false for options of older messages (only the latest question is answerable). */
export function renderBlock(block: Block, fallback: string, onPick: PickHandler, interactive: boolean): HTMLElement {
  const wrap = el('div', 'content');
  switch (block.type) {
    case 'text':
      if (block.format === 'markdown' || block.format === 'html') {
        const rich = el('div', 'rich');
        rich.append(block.format === 'markdown' ? renderMarkdown(block.text) : renderHtml(block.text));
        wrap.append(rich);
      } else wrap.append(el('p', 'text', block.text));
      break;
    case 'quickReplies': {
      wrap.append(el('p', 'text', block.text));
      const row = el('div', 'opts');
      for (const r of block.replies ?? []) row.append(optionButton(r.id, r.title, onPick, interactive));
      if (interactive) wrap.append(row);
      break;
    }
    case 'buttons': {
      wrap.append(el('p', 'text', block.text));
      const b = buttons(block.buttons, onPick, interactive);
      if (b) wrap.append(b);
      break;
    }
    case 'card': wrap.append(card(block, onPick, interactive)); break;
    case 'carousel': {
      const strip = el('div', 'carousel');
      for (const c of block.cards ?? []) strip.append(card(c, onPick, interactive));
      wrap.append(strip);
      break;
    }
    case 'richLink': {
      const a = el('a', 'rich-link') as HTMLAnchorElement;
      a.href = block.url;
      a.target = '_blank';
      a.rel = 'noopener';
      if (block.imageUrl) { const img = el('img') as HTMLImageElement; img.src = block.imageUrl; img.alt = ''; a.append(img); }
      a.append(el('div', 'card-title', block.title));
      if (block.description) a.append(el('div', 'card-sub', block.description));
      wrap.append(a);
      break;
    }
    case 'listPicker': {
      wrap.append(el('p', 'text', block.title));
      const list = el('div', 'list');
      for (const section of block.sections ?? []) {
        if (section.title) list.append(el('div', 'list-head', section.title));
        for (const item of section.items ?? []) {
          const b = optionButton(item.id, item.title, onPick, interactive);
          b.className = 'list-item';
          if (item.subtitle) b.append(el('span', 'card-sub', item.subtitle));
          list.append(b);
        }
      }
      wrap.append(list);
      break;
    }
    case 'timePicker': {
      wrap.append(el('p', 'text', block.title));
      const fmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: block.timezone });
      const row = el('div', 'opts');
      for (const slot of block.slots ?? []) {
        const label = fmt.format(new Date(slot.startTime));
        row.append(optionButton(slot.id, label, onPick, interactive));
      }
      wrap.append(row);
      break;
    }
    default:
      wrap.append(el('p', 'text', fallback));
  }
  return wrap;
}
