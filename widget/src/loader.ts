// The script a site pastes: `<script src="https://parley.example/w/{siteId}.js" async></script>`.
// Finds its site id and Parley's address from its own URL, loads the site's public configuration,
// and starts the Guide. `window.Parley` is the site's API; calls made before the script loaded
// (queued as `Parley.q`) run once it is ready.
import type { PublicSiteConfig } from '../../model/website/site-settings';
import type { ChatController } from './chat/chat-api';
import { EventSender } from './event-sender';
import { Guide } from './guide';
import { Interactions } from './interactions';
import type {} from './mapper/mapper-api';
import { VisitorStore } from './visitor-store';
import { VisitorCommands } from './visitor-commands';

type Call = [name: string, ...args: unknown[]];

interface ParleyApi {
  identify(opts: { token: string }): void;
  track(name: string, data?: Record<string, string | number | boolean | null>): void;
  open(text?: string): void;
  consent(granted: boolean): void;
  q?: Call[];
}

declare global {
  interface Window { Parley?: ParleyApi | { q?: Call[] } }
}

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try { return window[kind]; } catch { return undefined; }
}

async function boot(script: HTMLScriptElement) {
  const src = new URL(script.src);
  const siteId = /\/w\/([A-Za-z0-9_-]+)\.js$/.exec(src.pathname)?.[1];
  if (!siteId) return;
  const base = `${src.origin}/w/${siteId}`;
  const queued = (window.Parley as { q?: Call[] } | undefined)?.q ?? [];

  const res = await fetch(`${base}/config`, { mode: 'cors', credentials: 'omit' });
  if (!res.ok) {
    console.warn(`[parley] this page's origin may not load site ${siteId} (${res.status}): add it to the site's allowed origins in the Parley console.`);
    return;
  }
  const config = (await res.json()) as PublicSiteConfig;
  const visitor = new VisitorStore(storage('localStorage'), storage('sessionStorage'), config.requireConsent, Date.now());
  // Engagement Mapper: opened from the console with a mapper token in the address (taken out of it at
  // once). The admin mapping the page is not a visitor: nothing is reported about them.
  const mapToken = /[#&]parley-map=([\w.-]+)/.exec(location.hash)?.[1];
  let identityToken: string | null = null;
  const events = new EventSender(`${base}/events`, () => visitor.visitorId, () => visitor.allowed && !mapToken, () => visitor.tags,
    { identity: () => identityToken, onFlush: () => commands.afterEvents() });
  if (mapToken) history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
  let chat: ChatController | null = null;
  let chatLoading: Promise<ChatController> | null = null;
  /** The chat module is fetched the first time a visitor opens the chat (the loader stays small). */
  const loadChat = () => chatLoading ??= new Promise<ChatController>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = `${src.origin}/w/assets/chat.js`;
    s.async = true;
    s.onload = () => {
      const factory = window.__parleyChat;
      if (!factory) return reject(new Error('the chat module did not load'));
      resolve(chat = factory({
        base, visitorId: visitor.visitorId, identity: () => identityToken, strings: guide.t, colour: config.branding.colour, title: config.branding.title,
        mount: (panel) => guide.view.mountPanel(panel),
        onClose: () => {},
        language: config.language, preChat: config.preChat, offline: !config.chatOnline && config.offlineForm === true, offlineByEmail: config.offlineByEmail,
      }));
    };
    s.onerror = () => { chatLoading = null; reject(new Error('the chat module could not be fetched')); };
    document.head.append(s);
  });
  const openChat = (text?: string) => {
    events.push({ type: 'chat_opened', at: Date.now(), url: location.href });
    if (chat) return chat.open(text);
    loadChat().then((c) => c.open(text), (err) => console.warn('[parley]', err.message));
  };
  const guide = new Guide({ config, visitor, events, openChat, onTick: () => void commands.fetch() });
  // Rules' website actions for this visitor (show an offer, open the chat, tag): see visitor-commands.ts.
  const commands = new VisitorCommands(base, () => visitor.visitorId, () => visitor.allowed && !mapToken, {
    showOffer: (offer) => guide.showOffer({ type: 'show_offer', ...offer } as Parameters<Guide['showOffer']>[0]),
    // Not reported as "chat window opened" (the visitor did not open it): a rule on that trigger cannot loop.
    openChat: (text, inCase, id) => void loadChat().then((c) => { c.open(); if (!inCase) c.greet(text, () => commands.keepGreeting(id, identityToken)); }, () => {}),
    setTag: (tag, op) => { visitor.changeTags(op === 'add' ? [tag] : [], op === 'remove' ? [tag] : []); guide.evaluate(); },
  });
  /** Tells Parley who the signed-in visitor is (not before consent, where the site asks for it). */
  const sendIdentity = () => {
    if (!identityToken || !visitor.allowed || !config.entryPoints.some((e) => e.type === 'webchat')) return;
    void fetch(`${base}/identify`, { method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId: visitor.visitorId, identity: identityToken }) })
      .then((res) => { if (!res.ok) console.warn(`[parley] the visitor identity was refused (${res.status}): check how your backend signs it.`); chat?.identityChanged(); })
      .catch(() => {});
  };

  const api: ParleyApi = {
    // The site's backend signed the visitor's identity (HS256, the site's identity secret): Parley
    // verifies it and keys the chat by that user, so their conversation follows them across devices.
    identify: ({ token }) => {
      identityToken = typeof token === 'string' && token ? token : null;
      sendIdentity();
    },
    track: (name, data) => events.push({ type: 'custom', at: Date.now(), url: location.href, name, ...(data ? { data } : {}) }),
    open: (text) => ((config.chatOnline || config.offlineForm === true) && config.entryPoints.some((e) => e.type === 'webchat') ? openChat(text) : guide.view.togglePanel(true)),
    consent: (granted) => { visitor.setConsent(granted); if (granted) { guide.evaluate(); sendIdentity(); } },
  };
  window.Parley = api;
  guide.start();
  void commands.fetch();
  // A rule's command goes to the first of the visitor's pages that asks; tags set there reach the others.
  addEventListener('storage', (e) => { if (e.key === 'parley:v1' && visitor.syncTags()) guide.evaluate(); });
  if (mapToken) {
    const s = document.createElement('script');
    s.src = `${src.origin}/w/assets/mapper.js`;
    s.onload = () => window.__parleyMapper?.({ base, token: mapToken });
    document.head.append(s);
  } else if (config.mappedElements?.length) {
    new Interactions({ elements: config.mappedElements, events, checkUrl: `${base}/element-checks`, allowed: () => visitor.allowed, session: storage('sessionStorage') }).start();
  }
  for (const [name, ...args] of queued) (api as unknown as Record<string, (...a: unknown[]) => void>)[name]?.(...args);
}

const current = document.currentScript as HTMLScriptElement | null;
if (current?.src) void boot(current).catch((err) => console.warn('[parley] the snippet could not start:', err));
