// How a connector's config fields read in the console's connect form: each field's title (as the
// provider's console names it) and a one-line hint, carried by zod `.meta()` into the JSON Schema
// GET /api/v1/channel-types serves. Two extensions steer the form: fields Parley learns from the
// provider at set-up (never asked; shown read-only on an existing channel) and optional fields that
// still belong up front (a sender number, an SMTP login) instead of under "More settings".

/** JSON Schema extension: Parley fills this field in itself (from the provider at set-up). */
export const LEARNED = 'x-parley-learned';
/** JSON Schema extension: optional, but asked with the required fields. */
export const PRIMARY = 'x-parley-primary';

/** A field the person fills in. */
export const field = (title: string, description: string) => ({ title, description });

/** An optional field asked up front. */
export const primary = (title: string, description: string) => ({ title, description, [PRIMARY]: true });

/** A value Parley learns at set-up: not asked when connecting, shown read-only afterwards. */
export const learned = (title: string, description: string) => ({ title, description, [LEARNED]: true, readOnly: true });

/** The provider API's base URL: left alone except for a proxy, a self-hosted server or a test stand-in. */
export const apiBaseUrlMeta = (provider: string, origin: string) =>
  field(`${provider} API base URL`, `Leave ${origin}; change it only for a proxy, a self-hosted server or a test stand-in.`);

/** How long one call to the provider may take. */
export const timeoutMeta = (provider: string) => field('Request timeout (ms)', `How long one call to ${provider} may take before it counts as failed and is retried.`);
