// Keeps `Call a URL` from being pointed at places a rule should never reach: other schemes, the
// cloud metadata service and link-local addresses (never), and private / loopback addresses (only
// when the account allows them). The host is resolved once, every address it resolves to must
// pass, and the request then connects to that vetted address, so a DNS answer that changes
// between the check and the connection (DNS rebinding) cannot slip through.
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface VettedUrl {
  url: URL;
  /** The IP address to connect to (one the host resolved to at check time). */
  address: string;
  family: 4 | 6;
}

export class OutboundUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundUrlRefused';
  }
}

/** The host did not resolve: may be temporary, so callers treat it as retryable. */
export class OutboundUrlUnresolved extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundUrlUnresolved';
  }
}

type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const blockList = (v4: [string, number][], v6: [string, number][]) => {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
};

const METADATA = blockList([['169.254.169.254', 32], ['100.100.100.200', 32]], [['fd00:ec2::254', 128]]);
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata.azure.com', 'instance-data']);
const LINK_LOCAL = blockList([['169.254.0.0', 16]], [['fe80::', 10]]);
const UNSPECIFIED = blockList([['0.0.0.0', 8]], [['::', 128]]);
const MULTICAST_OR_RESERVED = blockList([['224.0.0.0', 4], ['240.0.0.0', 4]], [['ff00::', 8]]);
const LOOPBACK = blockList([['127.0.0.0', 8]], [['::1', 128]]);
const PRIVATE = blockList([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]], [['fc00::', 7]]);

/** An IPv4 address carried inside IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) is judged as IPv4. */
function embeddedIpv4(address: string): string | null {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

type AddressClass = 'metadata' | 'link-local' | 'unspecified' | 'multicast' | 'loopback' | 'private' | 'public';

export function classifyAddress(address: string): AddressClass {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : null;
  const ip = v4 ?? address;
  const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  if (METADATA.check(ip, type)) return 'metadata';
  if (LINK_LOCAL.check(ip, type)) return 'link-local';
  if (UNSPECIFIED.check(ip, type)) return 'unspecified';
  if (MULTICAST_OR_RESERVED.check(ip, type)) return 'multicast';
  if (LOOPBACK.check(ip, type)) return 'loopback';
  if (PRIVATE.check(ip, type)) return 'private';
  return 'public';
}

/** The URL without its query or credentials, for messages (a query may carry a token). */
export function describeUrl(url: string | URL): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return u.origin + u.pathname;
  } catch {
    return String(url).slice(0, 200);
  }
}

const NEVER_REASON: Partial<Record<AddressClass, string>> = {
  metadata: 'link-local and cloud metadata addresses are never allowed',
  'link-local': 'link-local and cloud metadata addresses are never allowed',
  unspecified: 'unspecified addresses (0.0.0.0, ::) are never allowed',
  multicast: 'multicast and reserved addresses are never allowed',
};

/**
 * Checks `url` and resolves its host. Refuses (OutboundUrlRefused) other schemes, metadata and
 * link-local, unspecified and multicast addresses, and private or loopback ones unless `allowPrivate`.
 */
export async function checkOutboundUrl(
  rawUrl: string,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<VettedUrl> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundUrlRefused(`Call a URL refused "${rawUrl.slice(0, 200)}": it is not a valid URL.`);
  }
  const shown = describeUrl(url);
  const refuse = (why: string) => new OutboundUrlRefused(`Call a URL refused ${shown}: ${why}.`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}`);

  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (METADATA_HOSTNAMES.has(hostname)) throw refuse(NEVER_REASON.metadata!);

  let addresses: { address: string; family: number }[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    try {
      addresses = await (opts.resolve ?? defaultResolver)(hostname);
    } catch (err) {
      throw new OutboundUrlUnresolved(`Call a URL could not resolve ${hostname} (${(err as { code?: string }).code ?? (err as Error).message}).`);
    }
    if (addresses.length === 0) throw new OutboundUrlUnresolved(`Call a URL could not resolve ${hostname}.`);
  }

  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    const never = NEVER_REASON[kind];
    const via = address === hostname ? '' : ` (${hostname} resolves to ${address})`;
    if (never) throw refuse(`${never}${via}`);
    if ((kind === 'private' || kind === 'loopback') && !opts.allowPrivate) {
      throw refuse(`${kind} addresses are only allowed when the account allows private URLs (Settings → Automation)${via}`);
    }
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

export interface PinnedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text(): Promise<string>;
}

/** Answers bigger than this are cut (the output is stored in the run's history). */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * One HTTP request to the vetted address (TLS still checks the certificate against the URL's
 * host name). Never follows redirects. Resolves once the headers arrive; `text()` gives at most
 * MAX_RESPONSE_BYTES of the body and `truncated()` says whether it was cut.
 */
export function requestVetted(
  target: VettedUrl,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<PinnedResponse & { truncated(): boolean }> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target.url, { method: init.method, headers: init.headers, lookup, signal: init.signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let cut = false;
      const done = new Promise<string>((resolveText, rejectText) => {
        res.on('data', (chunk: Buffer) => {
          if (cut) return;
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            cut = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - MAX_RESPONSE_BYTES)));
            res.destroy();
            resolveText(Buffer.concat(chunks).toString('utf8'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
        res.on('error', (err) => (cut ? undefined : rejectText(err)));
      });
      done.catch(() => {});
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, text: () => done, truncated: () => cut });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
