// @vitest-environment happy-dom
// Markdown messages in the web chat: shown as rich text; nothing an agent, a rule or a compromised
// integration sends can become markup or a javascript: link. (HTML goes through DOMPurify, which
// needs a real browser's parser: website-guide.test.ts checks it in Chromium.)
import { describe, expect, it } from 'vitest';
import { renderBlock } from '../../widget/src/chat/render-content';

const html = (block: Record<string, unknown>) => {
  const div = document.createElement('div');
  div.append(renderBlock(block, 'fallback', () => {}, true));
  return div;
};

describe('rich text in the widget', () => {
  it('draws Markdown: paragraphs, emphasis, code, lists, links', () => {
    const out = html({ type: 'text', format: 'markdown', text: '**Pedido 123** enviado.\nLlega *mañana*.\n\n- Seguimiento: [aquí](https://shop.example/t/123)\n- Código `ABC`\n\n1. uno\n2. dos' });
    expect(out.querySelector('strong')!.textContent).toBe('Pedido 123');
    expect(out.querySelector('em')!.textContent).toBe('mañana');
    expect(Array.from(out.querySelectorAll('ul li')).map((li) => li.textContent)).toEqual(['Seguimiento: aquí', 'Código ABC']);
    expect(Array.from(out.querySelectorAll('ol li')).map((li) => li.textContent)).toEqual(['uno', 'dos']);
    const a = out.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://shop.example/t/123');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('never turns Markdown into markup or script links', () => {
    const out = html({ type: 'text', format: 'markdown', text: '<img src=x onerror=alert(1)> [clic](javascript:alert(1)) <script>alert(2)</script>' });
    expect(out.querySelector('img, script')).toBeNull();
    expect(out.querySelector('a')).toBeNull();
    expect(out.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('plain text stays text, even when it looks like HTML', () => {
    const out = html({ type: 'text', text: '<b>not bold</b>' });
    expect(out.querySelector('b')).toBeNull();
    expect(out.textContent).toBe('<b>not bold</b>');
  });
});
