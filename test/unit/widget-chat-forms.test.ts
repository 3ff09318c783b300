// @vitest-environment happy-dom
// The chat panel's files and forms (happy-dom, Parley's endpoints stubbed): the pre-chat form comes
// before the first message and its answers go with it; the offline form replaces the conversation
// while nobody can answer and says the answer comes by email; a file uploads with progress from a
// keyboard-reachable button, a refused one says why, and sent files show (images inline, others as
// a named link); a pasted screenshot is attached too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../widget/src/chat/transport', () => ({
  openTransport: () => ({ typing() {}, read: () => false, close() {}, mode: 'sse' }),
}));

import type { ChatHost } from '../../widget/src/chat/chat-api';
import { createChat } from '../../widget/src/chat/chat-panel';
import { renderAttachments } from '../../widget/src/chat/attachments';
import { formStrings } from '../../widget/src/chat/form-strings';
import { STRINGS } from '../../widget/src/strings';

const BASE = 'https://parley.example/w/site_1';

interface Call { url: string; body: any }

describe('the chat panel\'s files and forms', () => {
  let calls: Call[];
  let root: HTMLElement;
  /** What GET /messages answers: the visitor's conversation so far. */
  let history: unknown[];
  beforeEach(() => {
    calls = [];
    history = [];
    localStorage.clear();
    document.body.innerHTML = '<div id="host"></div>';
    root = document.getElementById('host')!;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      if (url.includes('/messages?')) return new Response(JSON.stringify({ items: history }), { status: 200 });
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url.includes('/attachments/')) return new Response(new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }), { status: 200 });
      return new Response('{}', { status: url.endsWith('/offline') || url.endsWith('/messages') ? 202 : 200 });
    }));
  });
  afterEach(() => { vi.unstubAllGlobals(); });

  const open = (over: Partial<ChatHost> = {}) => {
    const chat = createChat({
      base: BASE, visitorId: 'v_abcdefghijklmnop', identity: () => null, strings: STRINGS.es, colour: '#0f766e', title: '¿Hablamos?',
      mount: (panel) => root.append(panel), onClose: () => {}, language: 'es', ...over,
    });
    chat.open();
    return chat;
  };
  const composer = () => root.querySelector('form.composer') as HTMLFormElement;
  const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => { input.value = value; };
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('asks name and email before the first message and sends them with it', async () => {
    open({ preChat: { enabled: true, requireEmail: true } });
    await flush();
    const form = root.querySelector('form.pform') as HTMLFormElement;
    expect(form.textContent).toContain('Antes de empezar');
    expect(composer().hidden).toBe(true);
    type(form.querySelector('input[name=name]')!, 'Lucía');
    type(form.querySelector('input[name=email]')!, 'lucia@');
    form.requestSubmit();
    expect(form.querySelector('[role=alert]')!.textContent).toContain('correo válido');
    expect(form.querySelector('input[name=email]')!.getAttribute('aria-invalid')).toBe('true');
    type(form.querySelector('input[name=email]')!, 'lucia@example.com');
    form.requestSubmit();
    expect(root.querySelector('form.pform')).toBeNull();
    expect(composer().hidden).toBe(false);
    type(composer().querySelector('textarea')!, 'Hola, una duda');
    composer().requestSubmit();
    await flush();
    const sent = calls.find((c) => c.url === `${BASE}/messages`)!;
    expect(sent.body).toMatchObject({ text: 'Hola, una duda', name: 'Lucía', email: 'lucia@example.com' });
    // Nothing about it is kept in the browser.
    expect(localStorage.length).toBe(0);
  });

  it('does not ask a visitor who already has a conversation (after a reload)', async () => {
    history = [{ id: 'msg_1', direction: 'in', content: null, text: 'Hola', at: 1 }];
    open({ preChat: { enabled: true, requireEmail: true } });
    await flush();
    await flush();
    expect(root.querySelector('form.pform')).toBeNull();
    expect(composer().hidden).toBe(false);
  });

  it('the email is optional unless the site requires it; no form when the site does not ask', async () => {
    open({ preChat: { enabled: true, requireEmail: false } });
    await flush();
    expect(root.querySelector('form.pform')!.textContent).toContain('Correo electrónico (opcional)');
    document.body.innerHTML = '<div id="host"></div>';
    root = document.getElementById('host')!;
    open({ preChat: { enabled: false, requireEmail: false } });
    expect(root.querySelector('form.pform')).toBeNull();
    expect(composer().hidden).toBe(false);
  });

  it('says the answer to an offline message comes in the chat when the site answers offline messages there', async () => {
    open({ offline: true });
    const form = root.querySelector('form.offline') as HTMLFormElement;
    expect(form.textContent).toContain('te responderemos aquí, en este chat');
    type(form.querySelector('input[name=email]')!, 'pablo@example.com');
    type(form.querySelector('textarea')!, '¿Abrís el domingo?');
    form.requestSubmit();
    await flush();
    await flush();
    expect(form.textContent).toBe('Gracias. Te responderemos aquí; vuelve a esta página para leerlo.');
  });

  it('shows the offline form instead of the conversation while nobody can answer, and says the answer comes by email', async () => {
    open({ offline: true, offlineByEmail: true });
    const form = root.querySelector('form.offline') as HTMLFormElement;
    expect(form.textContent).toContain('Ahora no hay nadie conectado');
    expect(composer().hidden).toBe(true);
    expect((root.querySelector('.log') as HTMLElement).hidden).toBe(true);
    type(form.querySelector('input[name=name]')!, 'Pablo');
    type(form.querySelector('input[name=email]')!, 'pablo@example.com');
    form.requestSubmit();
    expect(form.querySelector('[role=alert]')!.textContent).toBe('Rellena este campo.');
    expect(calls).toHaveLength(0);
    type(form.querySelector('textarea')!, '¿Hacéis envíos a Canarias?');
    form.requestSubmit();
    await flush();
    await flush();
    expect(calls.at(-1)).toMatchObject({ url: `${BASE}/offline`, body: { visitorId: 'v_abcdefghijklmnop', name: 'Pablo', email: 'pablo@example.com', message: '¿Hacéis envíos a Canarias?' } });
    expect(form.textContent).toBe('Gracias. Te responderemos por correo a pablo@example.com.');
  });

  it('uploads a file from a keyboard-reachable button, shows progress, and sends its id with the message', async () => {
    const xhrs: FakeXhr[] = [];
    class FakeXhr {
      status = 0; responseText = ''; upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
      onload?: () => void; onerror?: () => void; url = ''; body: FormData | null = null;
      open(_m: string, url: string) { this.url = url; }
      send(body: FormData) { this.body = body; xhrs.push(this); }
      abort() {}
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    open();
    const button = root.querySelector('button.attach') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Adjuntar archivo');
    expect(button.tabIndex).not.toBe(-1);
    const picker = root.querySelector('input[type=file]') as HTMLInputElement;
    expect(picker.accept).toContain('image/*');
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'foto.png', { type: 'image/png' });
    Object.defineProperty(picker, 'files', { value: [file], configurable: true });
    picker.dispatchEvent(new Event('change'));
    expect(xhrs[0].url).toBe(`${BASE}/attachments`);
    expect(xhrs[0].body!.get('visitorId')).toBe('v_abcdefghijklmnop');
    xhrs[0].upload.onprogress!({ lengthComputable: true, loaded: 2, total: 4 });
    expect(root.querySelector('.chip')!.textContent).toContain('Subiendo… 50 %');
    expect((root.querySelector('button.send') as HTMLButtonElement).disabled).toBe(true);
    Object.assign(xhrs[0], { status: 201, responseText: JSON.stringify({ id: 'file_abc123def456', mime: 'image/png', name: 'foto.png', size: 4 }) });
    xhrs[0].onload!();
    expect((root.querySelector('button.send') as HTMLButtonElement).disabled).toBe(false);
    // Attachments only: no text needed.
    composer().requestSubmit();
    await flush();
    expect(calls.find((c) => c.url === `${BASE}/messages`)!.body).toMatchObject({ text: '', attachments: ['file_abc123def456'] });
    expect(root.querySelector('.chip')).toBeNull();
    expect(root.querySelector('.msg.in img')!.getAttribute('alt')).toBe('foto.png');

    // A refused file says why, and nothing is sent for it.
    const exe = new File([new Uint8Array([0x7f, 0x45])], 'programa.png', { type: 'image/png' });
    Object.defineProperty(picker, 'files', { value: [exe], configurable: true });
    picker.dispatchEvent(new Event('change'));
    Object.assign(xhrs[1], { status: 415, responseText: JSON.stringify({ code: 'attachment_type_unknown' }) });
    xhrs[1].onload!();
    expect(root.querySelector('.chip.err')!.textContent).toContain('Ese tipo de archivo no se admite.');

    // A screenshot pasted into the message box is attached too.
    const pasted = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'captura.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [pasted] } });
    composer().querySelector('textarea')!.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    expect((xhrs[2].body!.get('file') as File).name).toBe('captura.png');
  });

  it('shows images inline (fetched from the visitor\'s own upload) and other files as a named link', async () => {
    const box = renderAttachments([
      { fileId: 'file_png0000000001', mime: 'image/png', name: 'captura.png', size: 1400 },
      { fileId: 'file_pdf0000000001', mime: 'application/pdf', name: 'factura.pdf', size: 12_292 },
    ], (id) => `${BASE}/attachments/${id}?visitorId=v_abcdefghijklmnop`, formStrings('es'));
    await flush();
    await flush();
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/attachments/file_png0000000001?visitorId=v_abcdefghijklmnop`]);
    const img = box.querySelector('img')!;
    expect(img.alt).toBe('captura.png');
    expect(img.getAttribute('src')).toMatch(/^blob:/);
    const link = box.querySelector('a.file-link')!;
    expect(link.textContent).toBe('factura.pdf · 12 KB');
    expect(link.getAttribute('download')).toBe('factura.pdf');
    expect(link.getAttribute('aria-label')).toBe('Descargar factura.pdf');

    // A file by URL from an agent: web addresses only.
    const byUrl = renderAttachments([
      { url: 'javascript:alert(1)', mime: 'application/pdf', name: 'trampa.pdf', size: null },
      { url: 'https://cdn.shop.example/catalogo.pdf', mime: 'application/pdf', name: 'catalogo.pdf', size: null },
    ], () => '', formStrings('es'));
    expect(Array.from(byUrl.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['#', 'https://cdn.shop.example/catalogo.pdf']);
  });
});
