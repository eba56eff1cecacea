import { describe, expect, it } from 'vitest';
import { isPrivateAddress, refusedAddress } from './outbound-guard.ts';

describe('outbound host guard', () => {
  it('knows private, loopback, link-local and unique-local addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2a00:1450:4001::1', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it('resolves names before judging them and allows everything under the allow policy', async () => {
    const fake = (async () => [{ address: '10.0.0.7', family: 4 }]) as never;
    expect(await refusedAddress('https://dav.example.com/caldav/', 'deny', fake)).toBe('10.0.0.7');
    expect(await refusedAddress('http://[::1]:8080/', 'deny')).toBe('::1');
    expect(await refusedAddress('http://127.0.0.1:8090/caldav.php/', 'allow')).toBeNull();
    const pub = (async () => [{ address: '93.184.215.14', family: 4 }]) as never;
    expect(await refusedAddress('https://dav.example.com/', 'deny', pub)).toBeNull();
  });
});
