import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyAddress, createOutboundGuard, isPrivateAddress, OutboundRefusedError, parseIPv6 } from './outbound-guard.ts';

// Classification and policy: nothing in this file sends a packet anywhere but to a 127.0.0.1 listener that must receive nothing.
describe('outbound guard: address classification', () => {
  it('knows the IPv4 ranges that are not public', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'shared',
      '100.127.255.255': 'shared',
      '169.254.169.254': 'link_local',
      '0.0.0.0': 'unspecified',
      '0.1.2.3': 'unspecified',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '240.0.0.1': 'reserved',
      '255.255.255.255': 'reserved',
      '192.0.2.1': 'reserved',
      '198.18.0.1': 'reserved',
      '203.0.113.9': 'reserved',
    };
    for (const [ip, kind] of Object.entries(cases)) expect(classifyAddress(ip), ip).toBe(kind);
    for (const ip of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '93.184.215.14', '1.1.1.1']) expect(classifyAddress(ip), ip).toBe('public');
  });

  it('sees IPv4 loopback and private addresses through every IPv6 spelling', () => {
    const loopbackV4 = [
      '::ffff:127.0.0.1',
      '[::ffff:127.0.0.1]',
      '::ffff:7f00:1',
      '[::ffff:7f00:1]',
      '0:0:0:0:0:ffff:127.0.0.1',
      '[0:0:0:0:0:ffff:127.0.0.1]',
      '0000:0000:0000:0000:0000:FFFF:7F00:0001',
      '::FFFF:7F00:1',
      '::127.0.0.1', // IPv4-compatible
      '::7f00:1',
      '::ffff:0:127.0.0.1', // SIIT
      '64:ff9b::127.0.0.1', // NAT64
      '64:ff9b::7f00:1',
      '2002:7f00:1::1', // 6to4 around 127.0.0.1
      '::ffff:127.0.0.1%eth0',
    ];
    for (const ip of loopbackV4) expect(classifyAddress(ip), ip).toBe('loopback');
    expect(classifyAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyAddress('::ffff:a00:1')).toBe('private');
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('link_local');
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('link_local');
    expect(classifyAddress('2002:a9fe:a9fe::')).toBe('link_local');
    expect(classifyAddress('::ffff:0.0.0.0')).toBe('unspecified');
    // The same wrappers around a public address are public.
    expect(classifyAddress('::ffff:8.8.8.8')).toBe('public');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
    expect(classifyAddress('2002:808:808::1')).toBe('public');
  });

  it('knows the IPv6 ranges that are not public', () => {
    const cases: Record<string, string> = {
      '::1': 'loopback',
      '0:0:0:0:0:0:0:1': 'loopback',
      '[::1]': 'loopback',
      '::': 'unspecified',
      '::0': 'unspecified',
      'fd00::1': 'unique_local',
      'fc00::1': 'unique_local',
      'fe80::1': 'link_local',
      'fe80::1%lo0': 'link_local',
      'febf::1': 'link_local',
      'fec0::1': 'private',
      'ff02::1': 'multicast',
      '2001:db8::1': 'reserved',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2': 'reserved', // Teredo
      '64:ff9b:1::1': 'reserved',
      '100::1': 'reserved',
      '4000::1': 'reserved',
    };
    for (const [ip, kind] of Object.entries(cases)) expect(classifyAddress(ip), ip).toBe(kind);
    for (const ip of ['2a00:1450:4001::1', '2606:4700:4700::1111', '2001:4860:4860::8888']) expect(classifyAddress(ip), ip).toBe('public');
  });

  it('refuses what it cannot read', () => {
    for (const ip of ['', 'localhost', '1.2.3', '1.2.3.256', '::ffff:1.2.3.999', '1::2::3', '12345::1', 'g::1', '1:2:3:4:5:6:7:8:9']) {
      expect(classifyAddress(ip), ip).toBe('reserved');
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it('reads every IPv6 spelling to the same groups', () => {
    const want = [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1];
    for (const s of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.0.0.1', '0000:0000:0000:0000:0000:ffff:7f00:0001', '[::FFFF:127.0.0.1]']) expect(parseIPv6(s), s).toEqual(want);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
  });

  it('the URL parser hands the guard these spellings, and the guard refuses them without a DNS lookup', async () => {
    let lookups = 0;
    const guard = createOutboundGuard({ enabled: true }, { resolve: async () => (lookups++, []) });
    for (const url of ['http://[::ffff:127.0.0.1]:8080/', 'http://[::ffff:7f00:1]/', 'http://[0:0:0:0:0:ffff:127.0.0.1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://017700000001/', 'http://[::1]/', 'http://[fe80::1]/']) {
      const err = await guard.check(url).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(OutboundRefusedError);
      expect((err as OutboundRefusedError).code).toBe('outbound_refused');
    }
    expect(lookups).toBe(0);
  });
});

describe('outbound guard: localhost names and trailing dots', () => {
  it('refuses localhost in every spelling (trailing dots, upper case, any name under .localhost) without asking DNS, check and fetch alike', async () => {
    let lookups = 0;
    // A resolver that would call these names public: the refusal must not depend on it.
    const guard = createOutboundGuard({ enabled: true }, { resolve: async () => (lookups++, [{ address: '93.184.215.14', family: 4 }]) });
    for (const url of ['http://localhost/', 'http://localhost./', 'http://LOCALHOST../', 'http://LocalHost.:8080/', 'http://app.localhost/', 'http://a.b.localhost./x']) {
      const checked = await guard.check(url).catch((e: unknown) => e);
      expect(checked, url).toBeInstanceOf(OutboundRefusedError);
      const fetched = await guard.fetch(url).catch((e: unknown) => e);
      expect(fetched, url).toBeInstanceOf(OutboundRefusedError);
    }
    expect(lookups).toBe(0);
    // Names that merely contain the word are ordinary names.
    await expect(guard.check('https://localhost.example.com/')).resolves.toBeUndefined();
    await expect(guard.check('https://mylocalhost/')).resolves.toBeUndefined();
  });

  it('compares allowed hosts without case and trailing dots, and an allowed localhost name still passes', async () => {
    const guard = createOutboundGuard({ enabled: true, allowHosts: ['Dav.Intern.Example.', 'localhost:8090'] }, { resolve: async () => [{ address: '10.0.0.7', family: 4 }] });
    await expect(guard.check('https://dav.intern.example/')).resolves.toBeUndefined();
    await expect(guard.check('https://DAV.intern.example./')).resolves.toBeUndefined();
    await expect(guard.check('http://localhost.:8090/')).resolves.toBeUndefined();
    await expect(guard.check('http://localhost:8091/')).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(guard.check('https://other.intern.example/')).rejects.toBeInstanceOf(OutboundRefusedError);
  });
});

describe('outbound guard: policy', () => {
  it('resolves names before judging them, refuses a name with any private address, and allows listed hosts', async () => {
    const dns: Record<string, string[]> = { 'dav.example.com': ['10.0.0.7'], 'mixed.example.com': ['93.184.215.14', '127.0.0.1'], 'public.example.com': ['93.184.215.14', '2a00:1450:4001::1'] };
    const resolve = async (h: string) => (dns[h] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const guard = createOutboundGuard({ enabled: true, allowHosts: ['dav.example.com', '127.0.0.1:8090'] }, { resolve });
    await expect(guard.check('https://public.example.com/x')).resolves.toBeUndefined();
    await expect(guard.check('https://mixed.example.com/')).rejects.toBeInstanceOf(OutboundRefusedError);
    // Listed: by name (any port), or by address and port.
    await expect(guard.check('https://dav.example.com:8443/caldav/')).resolves.toBeUndefined();
    await expect(guard.check('http://127.0.0.1:8090/caldav.php/')).resolves.toBeUndefined();
    await expect(guard.check('http://127.0.0.1:8091/caldav.php/')).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(guard.check('ftp://public.example.com/')).rejects.toBeInstanceOf(OutboundRefusedError);
    // Switched off, nothing is refused.
    await expect(createOutboundGuard({ enabled: false }).check('http://127.0.0.1:1/')).resolves.toBeUndefined();
  });

  it('the guarded fetch refuses a literal private address before opening a socket', async () => {
    const guard = createOutboundGuard({ enabled: true });
    for (const url of ['http://127.0.0.1:9/', 'http://[::ffff:7f00:1]:9/', 'http://[::1]:9/']) {
      await expect(guard.fetch(url), url).rejects.toBeInstanceOf(OutboundRefusedError);
    }
  });

  it('DNS rebinding: a name that checks public and then resolves to 127.0.0.1 gets no connection (the socket uses the guard\'s own, checked lookup)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const answers = ['93.184.215.14', '127.0.0.1', '127.0.0.1'];
      const asked: string[] = [];
      // First answer public (the check), then the listener's address (what a rebinding DNS server would do next).
      const guard = createOutboundGuard({ enabled: true }, { resolve: async (h) => (asked.push(h), [{ address: answers.shift() ?? '127.0.0.1', family: 4 }]) });
      const url = `http://rebind.example:${port}/`;
      await expect(guard.check(url)).resolves.toBeUndefined();
      const err = await guard.fetch(url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutboundRefusedError);
      expect((err as OutboundRefusedError).reason).toBe('127.0.0.1 is loopback');
      expect(hits).toBe(0);
      // One resolution per connection, made by the guard itself.
      expect(asked).toEqual(['rebind.example', 'rebind.example']);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
