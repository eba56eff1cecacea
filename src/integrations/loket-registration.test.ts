import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../connectors/kit/auth/token-store.ts';
import { LoketPayrollSink } from '../connectors/hr/loket/loket.payroll-sink.ts';
import { LOKET_PAYROLL_KIND, sinkFactoryFor } from './registry.ts';

describe('Loket registry line', () => {
  it('declares its payroll sink under the export kind (the outbound jobs build it from there, like Personio and Nmbrs)', () => {
    const factory = sinkFactoryFor('loket', LOKET_PAYROLL_KIND);
    expect(factory).toBeDefined();
    const sink = factory!({
      baseUrl: 'http://127.0.0.1:1/v2',
      credentials: { clientId: 'c', clientSecret: 's' },
      tokenStore: new MemoryTokenStore({ accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 60_000 }),
      accountScope: ['emp-1'],
    });
    expect(sink).toBeInstanceOf(LoketPayrollSink);
    expect(sinkFactoryFor('loket', 'nmbrs.hours')).toBeUndefined();
  });
});
