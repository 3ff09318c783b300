// Mapping mode on the business's page: hovering highlights the element under the pointer, a click
// selects it (the page does not react: the click is held back), and a small form names it and the
// pages it is on. Saving posts its locator (id, then a data-* attribute, then a short CSS path,
// with its text as a tie-breaker) to Parley with the mapper token; Parley refuses it when the
// token is forged or expired. Escape cancels; Finish leaves mapping mode. A small picture of the
// element (crop.ts) goes with it when one can be taken; the save never waits on it for long.
import { findElement, locatorFor, type ElementLocator } from '../../../model/website/element-locator';
import type { MapperController, MapperHost } from './mapper-api';
import { cropElement } from './crop';
import { OVERLAY_CSS } from './overlay-style';

/** The events the page must not see while mapping (a click on a link or a button would act). */
const HELD = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'submit', 'dblclick', 'auxclick'];

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

const describe = (el: Element) => {
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${text ? ` · “${text}”` : ''}`;
};

const locatorText = (l: ElementLocator) => l.id ? `#${l.id}` : l.data ? `[${l.data.name}="${l.data.value}"]` : l.css;

export function startMapper(host: MapperHost): MapperController {
  const root = h('div', { id: 'parley-mapper' });
  const shadow = root.attachShadow({ mode: 'open' });
  const style = h('style');
  style.textContent = OVERLAY_CSS;
  const box = h('div', { class: 'box', hidden: '' });
  const tag = h('div', { class: 'tag', hidden: '' });
  const bar = h('div', { class: 'bar', role: 'status' });
  bar.append(h('span', {}, ''), h('button', { type: 'button', class: 'finish' }, 'Finish'));
  (bar.firstChild as HTMLElement).innerHTML = '<b>Parley</b> · mapping mode: hover an element and click it to map it';
  const panel = h('form', { class: 'panel', hidden: '', 'aria-label': 'Map this element' });
  const title = h('h2', {}, 'Map this element');
  const loc = h('div', { class: 'loc' });
  const warn = h('div', { class: 'warn', hidden: '' });
  const nameLabel = h('label', { for: 'pm-name' }, 'Name');
  const name = h('input', { id: 'pm-name', 'aria-label': 'Element name', placeholder: 'Checkout button', maxlength: '80', required: '' });
  const pagesLabel = h('label', { for: 'pm-pages' }, 'Pages (a path, * for any part; empty: every page)');
  const pages = h('input', { id: 'pm-pages', 'aria-label': 'Pages', maxlength: '300' });
  const row = h('div', { class: 'row' });
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  row.append(cancel, save);
  const msg = h('p', { class: 'msg', 'aria-live': 'polite' });
  const saved = h('ul', { class: 'saved', 'aria-label': 'Mapped now' });
  const picture = h('img', { class: 'crop', alt: 'Picture of the element', hidden: '' });
  panel.append(title, picture, loc, warn, nameLabel, name, pagesLabel, pages, row);
  const status = h('div', { class: 'panel status', hidden: '' });
  status.append(msg, saved);
  shadow.append(style, box, tag, bar, panel, status);
  document.body.append(root);

  let selected: Element | null = null;
  let locator: ElementLocator | null = null;
  /** The selected element's picture, being taken (null: none could be). */
  let crop: Promise<string | null> = Promise.resolve(null);

  const ours = (e: Event) => e.composedPath().some((n) => n === root || (n instanceof Element && n.id === 'parley-widget'));
  const frame = (el: Element, isSelected: boolean) => {
    const r = el.getBoundingClientRect();
    Object.assign(box.style, { top: `${r.top - 2}px`, left: `${r.left - 2}px`, width: `${r.width + 4}px`, height: `${r.height + 4}px` });
    box.classList.toggle('selected', isSelected);
    box.hidden = false;
    tag.textContent = describe(el);
    Object.assign(tag.style, { top: `${Math.max(0, r.top - 24)}px`, left: `${Math.max(0, r.left)}px` });
    tag.hidden = false;
  };
  const say = (text: string, error = false) => { msg.textContent = text; msg.classList.toggle('error', error); status.hidden = false; };

  const onMove = (e: Event) => {
    if (selected || ours(e) || !(e.target instanceof Element)) return;
    frame(e.target, false);
  };
  const onHeld = (e: Event) => {
    if (ours(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type !== 'click' || !(e.target instanceof Element)) return;
    select(e.target);
  };
  const select = (el: Element) => {
    selected = el;
    locator = locatorFor(el);
    frame(el, true);
    loc.textContent = locatorText(locator);
    // The locator must find this very element again, or visitors' snippets would watch another one.
    const again = findElement(document, locator);
    warn.hidden = again === el;
    warn.textContent = again === el ? '' : 'This element cannot be told apart from others on the page: pick its container, or give it an id.';
    save.disabled = again !== el;
    name.value = '';
    pages.value = location.pathname;
    picture.hidden = true;
    const taking = crop = cropElement(el);
    // Shown at the element's own size (the picture is drawn up to 2× for sharpness).
    picture.style.width = `${Math.round(el.getBoundingClientRect().width)}px`;
    void taking.then((url) => { if (url && crop === taking) { picture.src = url; picture.hidden = false; } });
    panel.hidden = false;
    name.focus();
  };
  const unselect = () => { selected = null; locator = null; crop = Promise.resolve(null); picture.hidden = true; panel.hidden = true; box.hidden = true; tag.hidden = true; };
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && selected) { e.stopPropagation(); unselect(); } };
  const onScroll = () => { if (selected) frame(selected, true); };

  panel.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!locator || !name.value.trim()) return;
    save.disabled = true;
    const fields = { token: host.token, name: name.value.trim(), locator, pageUrlPattern: pages.value.trim() };
    const post = (image: string | null) => fetch(`${host.base}/elements`, {
      method: 'POST', body: JSON.stringify(image ? { ...fields, crop: image } : fields), headers: { 'content-type': 'text/plain' }, mode: 'cors', credentials: 'omit',
    });
    // At most 3 s for the picture; a picture Parley refuses is dropped, never the element.
    Promise.race([crop, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000))])
      .then(async (image) => {
        let res = await post(image);
        if (image && !res.ok && /"code"\s*:\s*"crop_/.test(await res.clone().text().catch(() => ''))) res = await post(null);
        return res;
      })
      .then(async (res) => {
        const answer = await res.json().catch(() => ({})) as { name?: string; detail?: string };
        if (res.ok) {
          saved.append(h('li', {}, answer.name ?? name.value.trim()));
          say(`Saved “${answer.name ?? name.value.trim()}”. Map another, or Finish.`);
          unselect();
        } else say(answer.detail ?? `Parley refused it (${res.status}).`, true);
      }, () => say('Parley could not be reached: try again.', true))
      .finally(() => { save.disabled = false; });
  });
  cancel.addEventListener('click', unselect);

  window.addEventListener('mousemove', onMove, true);
  for (const type of HELD) window.addEventListener(type, onHeld, true);
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('scroll', onScroll, true);
  const stop = () => {
    window.removeEventListener('mousemove', onMove, true);
    for (const type of HELD) window.removeEventListener(type, onHeld, true);
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('scroll', onScroll, true);
    root.remove();
  };
  bar.querySelector('.finish')!.addEventListener('click', stop);
  return { stop };
}
