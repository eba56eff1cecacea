import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { needsSinkContract } from './kit/capabilities.ts';
import { PROVIDERS } from './provider-registry.ts';

/**
 * The registry says only what is proven (kit/capabilities.ts): calendar and video providers declare
 * no outbound-engine write, and each write they declare has the provider's own suite against its
 * emulator — for CalDAV also the real servers (DAViCal, Radicale).
 */
describe('calendar/video provider registry', () => {
  const suites: Record<string, string[]> = {
    google: ['src/connectors/calendar/google/google.provider.test.ts'],
    microsoft: ['src/connectors/calendar/microsoft/microsoft.provider.test.ts'],
    caldav: ['src/connectors/calendar/caldav/caldav.provider.test.ts', 'test/integration/caldav-davical.test.ts', 'test/integration/caldav-radicale.test.ts'],
    zoom: ['src/connectors/video/zoom/zoom.provider.test.ts'],
    gotomeeting: ['src/connectors/video/gotomeeting/gotomeeting.provider.test.ts'],
  };

  it.each(PROVIDERS.map((p) => [p.kind, p] as const))('%s declares only writes its own test suite proves', (kind, p) => {
    expect(p.capabilities.filter(needsSinkContract)).toEqual([]);
    const writes = p.capabilities.filter((c) => c.endsWith(':write'));
    if (writes.length > 0) for (const f of suites[kind] ?? ['(no suite listed)']) expect(existsSync(f), f).toBe(true);
  });

  it('OAuth providers have OAuth endpoints, form providers a credentials schema', () => {
    for (const p of PROVIDERS) expect(p.oauth === null).toBe(p.credentialsSchema !== null);
  });
});
