import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { secret: 'x'.repeat(32), dataDir: '/tmp/koppel-config-test' });

describe('outbound guard settings', () => {
  it('is on in production and off elsewhere unless switched', () => {
    expect(load({ NODE_ENV: 'production' })).toMatchObject({ outboundGuard: true, privateHosts: [] });
    expect(load({ NODE_ENV: 'development' })).toMatchObject({ outboundGuard: false });
    expect(load({ NODE_ENV: 'test', KOPPEL_OUTBOUND_GUARD: 'on' })).toMatchObject({ outboundGuard: true });
    expect(load({ NODE_ENV: 'production', KOPPEL_OUTBOUND_GUARD: 'off' })).toMatchObject({ outboundGuard: false });
  });

  it('reads KOPPEL_PRIVATE_HOSTS as a list of exceptions, and the older allow / deny values', () => {
    expect(load({ NODE_ENV: 'production', KOPPEL_PRIVATE_HOSTS: ' Dav.Intern.example, 10.0.0.5:8443 ,,' })).toMatchObject({ outboundGuard: true, privateHosts: ['dav.intern.example', '10.0.0.5:8443'] });
    expect(load({ NODE_ENV: 'production', KOPPEL_PRIVATE_HOSTS: 'allow' })).toMatchObject({ outboundGuard: false, privateHosts: [] });
    expect(load({ NODE_ENV: 'development', KOPPEL_PRIVATE_HOSTS: 'deny' })).toMatchObject({ outboundGuard: true, privateHosts: [] });
    expect(load({ NODE_ENV: 'development', KOPPEL_PRIVATE_CALENDAR_HOSTS: 'deny' })).toMatchObject({ outboundGuard: true });
  });
});
