// A message's content drawn as the customer saw it: native blocks (text, Markdown, buttons, quick
// replies, cards, list and time pickers, links, templates) as chips and cards, or the plain
// fallback text, with a note, when the channel got text. Never raw JSON.
import type { ReactNode } from 'react';
import { Markdown } from './Markdown';
import { t } from '../i18n';
import { formatMoment } from '../ui/time-format';
import type { RenderReportEntry } from './types';

type Block = Record<string, any>;

export function contentBlocksOf(stored: unknown): Block[] {
  const content = (stored as { content?: unknown } | null)?.content;
  if (!content) return [];
  return (Array.isArray(content) ? content : [content]).filter((b): b is Block => typeof b === 'object' && b !== null);
}

const fmtSlot = (iso: string, timeZone: string) => formatMoment(iso, 'weekdayTime', timeZone);

function Chips({ items, kind }: { items: { id: string; title: string }[]; kind: 'reply' | 'button' }) {
  return (
    <div className={`rc-options rc-${kind}`} role="list">
      {items.map((o) => <span role="listitem" key={o.id} className="rc-chip">{o.title}</span>)}
    </div>
  );
}

function BlockView({ block }: { block: Block }): ReactNode {
  switch (block.type) {
    case 'text':
      return block.format === 'markdown' ? <div className="rc-text"><Markdown text={block.text} /></div>
        : block.format === 'html' ? <div className="rc-text">{block.text.replace(/<[^>]+>/g, ' ')}</div>
          : <div className="rc-text rc-plain">{block.text}</div>;
    case 'quickReplies':
      return <><div className="rc-text"><Markdown text={block.text} /></div><Chips kind="reply" items={block.replies} /></>;
    case 'buttons':
      return <><div className="rc-text"><Markdown text={block.text} /></div><Chips kind="button" items={block.buttons} /></>;
    case 'card':
      return <CardView card={block} />;
    case 'carousel':
      return <div className="rc-carousel">{block.cards.map((c: Block, i: number) => <CardView key={i} card={c} />)}</div>;
    case 'listPicker':
      return (
        <div className="rc-panel">
          <div className="rc-panel-title">{block.title}</div>
          {block.subtitle && <div className="rc-sub">{block.subtitle}</div>}
          {block.sections.map((s: Block, i: number) => (
            <div key={i}>
              {s.title && <div className="rc-section">{s.title}</div>}
              <ul className="rc-list">{s.items.map((it: Block) => <li key={it.id}><span>{it.title}</span>{it.subtitle && <span className="rc-sub">{it.subtitle}</span>}</li>)}</ul>
            </div>
          ))}
        </div>
      );
    case 'timePicker':
      return (
        <div className="rc-panel">
          <div className="rc-panel-title">{block.title}</div>
          {block.location?.title && <div className="rc-sub">{block.location.title}</div>}
          <div className="rc-options">
            {block.slots.map((s: Block) => <span key={s.id} className="rc-chip rc-slot">{fmtSlot(s.start, block.timezone)} · {s.durationMinutes} min</span>)}
          </div>
        </div>
      );
    case 'richLink':
      return (
        <a className="rc-link" href={block.url} target="_blank" rel="noreferrer noopener">
          <strong>{block.title}</strong>{block.description && <span className="rc-sub">{block.description}</span>}<span className="rc-url">{new URL(block.url).host}</span>
        </a>
      );
    case 'form':
      return (
        <div className="rc-panel">
          <div className="rc-panel-title">{block.title}</div>
          <ul className="rc-list">{block.fields.map((f: Block) => <li key={f.id}>{f.label}{f.required ? ' *' : ''}</li>)}</ul>
        </div>
      );
    case 'template':
      return (
        <div className="rc-panel">
          <div className="rc-section">{t('inbox.templates')} · {block.name}</div>
          <div className="rc-text rc-plain">{block.bodyText ?? block.name}</div>
        </div>
      );
    case 'attachment':
      return <div className="rc-text">{block.caption ?? block.name ?? block.url}</div>;
    case 'adaptiveCard':
      return null;
    default:
      return null;
  }
}

function CardView({ card }: { card: Block }) {
  return (
    <div className="rc-card">
      {card.imageUrl && <img src={card.imageUrl} alt="" loading="lazy" />}
      <div className="rc-card-body">
        <strong>{card.title}</strong>
        {card.subtitle && <span className="rc-sub">{card.subtitle}</span>}
        {card.buttons && <Chips kind="button" items={card.buttons} />}
      </div>
    </div>
  );
}

/**
 * An outbound message is drawn natively when the channel's renderer kept every block native; the
 * blocks it sent as text are drawn as that text (the message's fallback), with a note.
 */
export function MessageContent({ stored, text, report }: { stored: unknown; text: string; report?: RenderReportEntry[] }) {
  const blocks = contentBlocksOf(stored);
  if (blocks.length === 0) return <div className="rc-text rc-plain">{text}</div>;
  const fellBack = report?.some((r) => r.outcome === 'fallback' && r.type !== 'text');
  if (fellBack) {
    return (
      <>
        <div className="rc-text rc-plain">{text}</div>
        <div className="rc-note" title={report!.map((r) => r.detail).join('\n')}>{t('inbox.sentAsText')}</div>
      </>
    );
  }
  const degraded = report?.some((r) => r.outcome === 'degraded');
  return (
    <>
      {blocks.map((b, i) => <BlockView key={i} block={b} />)}
      {degraded && <div className="rc-note" title={report!.map((r) => r.detail).join('\n')}>{t('inbox.degraded')}</div>}
    </>
  );
}
