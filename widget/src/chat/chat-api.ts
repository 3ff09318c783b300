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
}

export interface ChatController {
  open(prefill?: string): void;
  close(): void;
  /** The visitor signed in or out: show their user's conversation. */
  identityChanged(): void;
  readonly isOpen: boolean;
}

export type ChatFactory = (host: ChatHost) => ChatController;

declare global {
  interface Window { __parleyChat?: ChatFactory }
}
