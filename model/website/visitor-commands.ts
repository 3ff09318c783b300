// What a rule asks a website visitor's page to do (the website actions of the rule editor), as the
// snippet receives it from GET /w/{siteId}/commands: show a proactive offer (the Guide's offer card),
// open the web chat with a message from the business, add or remove a visitor tag. Shared by the
// engine (which queues them) and the widget (which applies them).

export interface RuleOfferButton {
  label: string;
  action: 'chat' | 'url' | 'dismiss';
  /** chat: the visitor's message, prefilled in the composer. */
  message?: string;
  /** url: where the button leads (http or https). */
  url?: string;
}

export interface RuleOffer {
  /** The automation rule that showed it: offer events (shown / clicked / dismissed) count under it. */
  ruleId: string;
  offerId: string;
  title: string;
  text: string;
  buttons: RuleOfferButton[];
}

export type VisitorCommand =
  | { id: string; kind: 'show_offer'; offer: RuleOffer }
  /**
   * inCase: the message is a real reply in the visitor's web chat case (the chat shows it from the
   * thread); otherwise `text` is the business's greeting, shown at the top of the chat.
   */
  | { id: string; kind: 'open_chat'; text: string; inCase: boolean }
  | { id: string; kind: 'set_tag'; tag: string; op: 'add' | 'remove' };

export type VisitorCommandBody = VisitorCommand extends infer C ? C extends VisitorCommand ? Omit<C, 'id'> : never : never;

/** How long a queued command waits for the visitor's page before it is dropped. */
export const VISITOR_COMMAND_TTL_MS = 10 * 60_000;
