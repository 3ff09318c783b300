// Files Parley stores, sent on channels whose send API takes a media URL the provider fetches itself
// (Viber, Messenger, Instagram Direct, WhatsApp in link mode). A stored file's URL in a message
// (`…/api/v1/attachments/file_…`) needs an agent's sign-in; the engine's outbound context
// (`context.publicMedia`, engine/attachments/outbound-media-links.ts) gives each one a signed,
// expiring public link instead. Other http(s) URLs (a rule's or an integrator's) pass unchanged.
import { SendError, type NextStep, type OutboundMessage } from '../connector';

export interface PublicMediaFile {
  /** `{PARLEY_PUBLIC_URL}/media/<token>/<name>`; absent when Parley's address is not public. */
  link?: string;
  /** As stored: the type sniffed from the bytes, the sanitised name, the size. */
  mime: string;
  name: string;
  size: number;
  /** The bytes on this machine (for connectors that upload instead: WhatsApp in upload mode). */
  path: string;
}

/** `OutboundMessage.context.publicMedia`. */
export interface PublicMediaContext {
  /** By the URL the message carries. */
  files: Record<string, PublicMediaFile>;
  /** Why the files have no link (PARLEY_PUBLIC_URL is not set), when they have none. */
  unreachable?: string;
}

/** Parley's signed-in download address: never reachable by a provider. */
const SIGNED_IN_URL = /^(?:https?:\/\/[^/?#]+)?\/api\/v1\/attachments\/[A-Za-z0-9_-]+(?:[?#].*)?$/i;

export const publicMediaOf = (message: OutboundMessage): PublicMediaContext | undefined =>
  message.context?.publicMedia as PublicMediaContext | undefined;

/** The stored file behind a URL of the message, when it is one. */
export const storedMediaFile = (message: OutboundMessage, url: string): PublicMediaFile | undefined => publicMediaOf(message)?.files[url];

function refusal(message: OutboundMessage, url: string, provider: string): SendError {
  const media = publicMediaOf(message);
  const file = media?.files[url];
  const what = file ? `the file ${file.name}` : `the file at ${url}`;
  const why = file
    ? media?.unreachable ?? 'Parley could not make a public link for it.'
    : 'It is Parley\'s signed-in download address and no longer names a stored file of this account.';
  return new SendError(`${provider} fetches attachments from a public URL, so ${what} cannot be sent: ${why}`, false);
}

/** Every URL field in the content (`url`, `imageUrl`, …) through `swap`; text is left alone. */
function replaceUrls(value: unknown, swap: (s: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceUrls(v, swap));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && /^(url|\w+Url)$/.test(k) ? swap(v) : replaceUrls(v, swap)]));
}

/**
 * The message with every stored file's URL (in `attachments` and inside the content) replaced by
 * its public link, and the stored type, name and size on its attachments. Throws a permanent
 * SendError naming the file when a stored file has no link (PARLEY_PUBLIC_URL unset) or a URL is
 * Parley's signed-in address without a stored file behind it.
 */
export function withPublicMediaLinks(message: OutboundMessage, provider: string): OutboundMessage {
  const files = publicMediaOf(message)?.files ?? {};
  const swap = (url: string): string => {
    const file = files[url];
    if (file?.link) return file.link;
    if (file || SIGNED_IN_URL.test(url)) throw refusal(message, url, provider);
    return url;
  };
  return {
    ...message,
    attachments: message.attachments.map((a) => {
      if (!a.url) return a;
      const file = files[a.url];
      return file ? { url: swap(a.url), mime: file.mime, name: file.name, size: file.size } : { ...a, url: swap(a.url) };
    }),
    content: replaceUrls(message.content, swap),
  };
}

/**
 * A set-up hint for these channels while PARLEY_PUBLIC_URL is unset (the default base is
 * `http://localhost:<port>`): the provider can reach neither the webhook nor the file links.
 */
export function publicUrlSteps(webhookUrl: string, provider: string): NextStep[] {
  let base: URL;
  try { base = new URL(webhookUrl); } catch { return []; }
  if (base.hostname !== 'localhost' && !base.hostname.endsWith('.localhost')) return [];
  return [{
    text: `PARLEY_PUBLIC_URL is not set (Parley's address is ${base.origin}): ${provider} can neither call the webhook nor fetch the files agents `
      + 'attach, which go as signed links to {PARLEY_PUBLIC_URL}/media/… valid for 24 hours. Set PARLEY_PUBLIC_URL to Parley\'s https address and restart Parley.',
  }];
}
