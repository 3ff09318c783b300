import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  checkOutboundUrl, classifyAddress, OutboundUrlRefused, OutboundUrlUnresolved, requestVetted,
} from '../../workflows/rules/actions/url-guard';

const refusal = (url: string, allowPrivate = false, resolve?: Parameters<typeof checkOutboundUrl>[1]['resolve']) =>
  checkOutboundUrl(url, { allowPrivate, resolve }).then(() => { throw new Error(`expected ${url} to be refused`); }, (err: Error) => err);

describe('url guard: schemes', () => {
  it.each(['ftp://example.com/file', 'file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)', 'data:text/plain,hi'])(
    'refuses %s', async (url) => {
      const err = await refusal(url, true);
      expect(err).toBeInstanceOf(OutboundUrlRefused);
      expect(err.message).toMatch(/only http and https URLs are allowed, not (ftp|file|gopher|javascript|data)\.$/);
    });

  it('refuses something that is not a URL', async () => {
    expect((await refusal('example.com/hook', true)).message).toBe('Call a URL refused "example.com/hook": it is not a valid URL.');
  });
});

describe('url guard: never allowed, whatever the setting', () => {
  it('refuses the cloud metadata service with a message that says why', async () => {
    const err = await refusal('http://169.254.169.254/latest/meta-data/iam?token=x', true);
    expect(err.message).toBe('Call a URL refused http://169.254.169.254/latest/meta-data/iam: link-local and cloud metadata addresses are never allowed.');
  });

  it.each([
    ['http://169.254.10.20/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd00:ec2::254]/latest', 'cloud metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata'],
    ['http://METADATA.GOOGLE.INTERNAL./x', 'cloud metadata'],
    ['http://[::ffff:169.254.169.254]/', 'cloud metadata'],
    ['http://0.0.0.0:8080/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
  ])('refuses %s', async (url, kind) => {
    const err = await refusal(url, true);
    expect(err).toBeInstanceOf(OutboundUrlRefused);
    expect(err.message).toContain(kind);
    expect(err.message).toContain('never allowed');
  });

  it('refuses a host name that resolves to the metadata address', async () => {
    const err = await refusal('https://innocent.example.com/hook', true, async () => [{ address: '169.254.169.254', family: 4 }]);
    expect(err.message).toBe('Call a URL refused https://innocent.example.com/hook: link-local and cloud metadata addresses are never allowed (innocent.example.com resolves to 169.254.169.254).');
  });
});

describe('url guard: private and loopback only when the account allows them', () => {
  const privateUrls = [
    'http://10.1.2.3/', 'http://172.16.5.4/', 'http://172.31.255.1/', 'http://192.168.1.10:8080/hook', 'http://100.64.0.1/',
    'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://127.0.0.1:9000/', 'http://127.8.9.10/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/',
  ];

  it.each(privateUrls)('refuses %s without the setting and allows it with', async (url) => {
    const err = await refusal(url, false);
    expect(err).toBeInstanceOf(OutboundUrlRefused);
    expect(err.message).toMatch(/(private|loopback) addresses are only allowed when the account allows private URLs \(Settings → Automation\)/);
    await expect(checkOutboundUrl(url, { allowPrivate: true })).resolves.toMatchObject({ url: new URL(url) });
  });

  it('refuses localhost (it resolves to a loopback address) without the setting', async () => {
    const err = await refusal('http://localhost:3000/hook', false);
    expect(err.message).toMatch(/^Call a URL refused http:\/\/localhost:3000\/hook: loopback addresses are only allowed .* \(localhost resolves to (127\.0\.0\.1|::1)\)\.$/);
    const vetted = await checkOutboundUrl('http://localhost:3000/hook', { allowPrivate: true });
    expect(['127.0.0.1', '::1']).toContain(vetted.address);
  });

  it('refuses a host when any of its addresses is private', async () => {
    const resolve = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
    expect((await refusal('https://mixed.example.com/', false, resolve)).message).toContain('mixed.example.com resolves to 10.0.0.5');
  });

  it('allows public addresses, including the edges of the private ranges', async () => {
    for (const url of ['https://93.184.216.34/hook', 'http://172.32.0.1/', 'http://100.128.0.1/', 'http://[2606:4700::1111]/']) {
      await expect(checkOutboundUrl(url, { allowPrivate: false })).resolves.toBeTruthy();
    }
    const vetted = await checkOutboundUrl('https://hooks.example.com/in', { allowPrivate: false, resolve: async () => [{ address: '2606:4700::1111', family: 6 }] });
    expect(vetted).toMatchObject({ address: '2606:4700::1111', family: 6 });
  });

  it('classifies addresses', () => {
    expect(['8.8.8.8', '10.0.0.1', '127.0.0.1', '169.254.169.254', '169.254.1.1', '::', '::1', 'fd00:ec2::254', 'ff05::2', '64:ff9b::a00:1'].map(classifyAddress))
      .toEqual(['public', 'private', 'loopback', 'metadata', 'link-local', 'unspecified', 'loopback', 'metadata', 'multicast', 'private']);
  });
});

describe('url guard: resolution and connection', () => {
  it('reports a host that does not resolve as unresolved (worth retrying), not refused', async () => {
    const err = await refusal('https://nowhere.invalid/', false, async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    });
    expect(err).toBeInstanceOf(OutboundUrlUnresolved);
    expect(err.message).toBe('Call a URL could not resolve nowhere.invalid (ENOTFOUND).');
  });

  it('connects to the vetted address, not to whatever the name resolves to later (DNS rebinding)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The name does not exist in DNS: only the vetted address can make this request land.
      const vetted = await checkOutboundUrl(`http://rebind.invalid:${port}/hook`, { allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      const response = await requestVetted(vetted, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"ok":true}');
      expect(seen[0]!.host).toBe(`rebind.invalid:${port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
