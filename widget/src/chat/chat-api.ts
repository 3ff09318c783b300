// What the loader hands the lazily loaded chat module, and what the chat module gives back.
import type { Strings } from '../strings';

export interface ChatHost {
  /** Parley's snippet endpoints for this site, e.g. https://parley.example/w/site_123. */
  base: string;
  visitorId: string;
  /** A signed-in visitor's identity token (Parley.identify), or null. */
  identity(): string | null;
  strings: Strings;
  colour: string;
  title: string;
  /** Puts the chat panel into the widget's shadow root (above the launcher). */
  mount(panel: HTMLElement): void;
  /** The launcher shows the panel again after it was closed. */
  onClose(): void;
  /** The site's language (the chat module's own words: files, forms). */
  language?: 'es' | 'en';
  /** The pre-chat form (name, email before the first message), when the site asks for it. */
  preChat?: { enabled: boolean; requireEmail: boolean };
  /** Nobody can answer now and the site takes messages: the offline form replaces the conversation. */
  offline?: boolean;
  /** Offline messages are answered by email (else in the chat). */
  offlineByEmail?: boolean;
}

export interface ChatController {
  open(prefill?: string): void;
  /** A rule's greeting from the business (website action, no case yet): shown first in the chat; `onAnswered` once the visitor's reply was taken. */
  greet(text: string, onAnswered?: () => void): void;
  close(): void;
  /** The visitor signed in or out: show their user's conversation. */
  identityChanged(): void;
  readonly isOpen: boolean;
}

export type ChatFactory = (host: ChatHost) => ChatController;

declare global {
  interface Window { __parleyChat?: ChatFactory }
}
