import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { secret: 'x'.repeat(32), dataDir: '/tmp/koppel-config-test' });

describe('KOPPEL_TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ KOPPEL_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(load({ KOPPEL_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
  it('takes a list of proxy addresses and CIDR ranges', () => {
    expect(load({ KOPPEL_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });
  it('refuses what is not an address, at start', () => {
    for (const bad of ['yes', 'proxy.example', '10.0.0.0/33', '127.0.0.1,', '1.2.3.4/8/8']) {
      expect(() => load({ KOPPEL_TRUST_PROXY: bad }), bad).toThrow(/KOPPEL_TRUST_PROXY/);
    }
  });
});
