// Config fields every Meta channel has: the app secret that signs webhooks, the verify token of the
// hub.challenge handshake (generated on create), and where the Graph API lives (configurable so
// tests and staging set-ups can use a stand-in; versions expire after ~2 years, channels.md §4).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { field } from '../config-meta';

export const GRAPH_FACEBOOK_URL = 'https://graph.facebook.com';
export const GRAPH_INSTAGRAM_URL = 'https://graph.instagram.com';
export const DEFAULT_GRAPH_VERSION = 'v25.0';
export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;

const GENERATED_VERIFY_TOKEN_BYTES = 24;

/** The zod shape of the shared fields; each connector spreads it into its own strict object. */
export function metaGraphFields(defaultBaseUrl: string) {
  return {
    /** App secret of the Meta app receiving the webhooks (App settings → Basic). */
    appSecret: z.string({ error: 'appSecret is required: the Meta app secret (App settings → Basic) that signs webhooks' }).min(1, 'appSecret must not be empty')
      .meta(field('App secret', 'Meta app → App settings → Basic → App secret: signs every webhook Meta sends.')),
    /** What Meta must send as hub.verify_token; generated on create when omitted. */
    verifyToken: z.string().min(8, 'verifyToken must have at least 8 characters').max(200, 'verifyToken may have at most 200 characters').optional()
      .meta(field('Webhook verify token', 'What you paste as "Verify token" in the app\'s Webhooks settings; leave empty and Parley generates one.')),
    /** Graph API origin, e.g. https://graph.facebook.com (a stand-in's URL in tests). */
    graphApiBaseUrl: z.url({ protocol: /^https?$/, error: 'graphApiBaseUrl must be an http(s) URL such as https://graph.facebook.com' }).default(defaultBaseUrl)
      .meta(field('Graph API base URL', `Leave ${defaultBaseUrl}; change it only for a proxy or a test stand-in.`)),
    /** Graph API version, e.g. v25.0. */
    graphApiVersion: z.string().regex(/^v\d+\.\d+$/, 'graphApiVersion must look like v25.0').default(DEFAULT_GRAPH_VERSION)
      .meta(field('Graph API version', 'The Graph API version Parley calls; Meta retires each one about two years after release.')),
    /** How long one Graph API call may take before it counts as a (transient) failure. */
    timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_GRAPH_TIMEOUT_MS)
      .meta(field('Request timeout (ms)', 'How long one Graph API call may take before it counts as failed and is retried.')),
  };
}

export interface MetaGraphConfig {
  appSecret: string;
  verifyToken?: string;
  graphApiBaseUrl: string;
  graphApiVersion: string;
  timeoutMs: number;
}

/** A fresh verify token: URL-safe, so it can be pasted into Meta's dashboard as it is. */
export function generateVerifyToken(): string {
  return randomBytes(GENERATED_VERIFY_TOKEN_BYTES).toString('base64url');
}

/** Fills in the verify token when the channel is created without one. */
export function withVerifyToken<C extends { verifyToken?: string }>(config: C): C {
  return config.verifyToken ? config : { ...config, verifyToken: generateVerifyToken() };
}

/** `{base}/{version}/{path}` without doubled slashes. */
export function graphUrl(config: Pick<MetaGraphConfig, 'graphApiBaseUrl' | 'graphApiVersion'>, path: string): string {
  return `${config.graphApiBaseUrl.replace(/\/+$/, '')}/${config.graphApiVersion}/${path.replace(/^\/+/, '')}`;
}
