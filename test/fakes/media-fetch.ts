// What a provider does with a media URL in a send (Viber `media`, Meta `payload.url` / `link`): it
// downloads the file over HTTP. The stand-ins that are given `resolveMedia` do the same and record
// what they got, so a test sees exactly what the provider would have received.
export interface MediaFetch {
  /** The URL as Parley sent it. */
  url: string;
  /** Where the stand-in fetched it (a public name such as https://parley.acme.test resolved to the test's server). */
  fetchedFrom: string;
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => { out[name] = value; });
  return out;
}

/** Where a URL is fetched from; undefined: the test has no server for it, and the stand-in leaves it alone. */
export type ResolveMedia = (url: string) => string | undefined;

export async function fetchMedia(url: string, resolve: ResolveMedia): Promise<MediaFetch | undefined> {
  const fetchedFrom = resolve(url);
  if (!fetchedFrom) return undefined;
  try {
    const res = await fetch(fetchedFrom, { redirect: 'manual' });
    return { url, fetchedFrom, status: res.status, headers: headersOf(res), bytes: Buffer.from(await res.arrayBuffer()) };
  } catch (err) {
    return { url, fetchedFrom, status: 0, headers: { error: (err as Error).message }, bytes: Buffer.alloc(0) };
  }
}
