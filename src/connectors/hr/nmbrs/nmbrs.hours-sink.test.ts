import { describe, expect, it } from 'vitest';
import { startNmbrsEmulator, type NmbrsEmulator } from '../../../../emulators/nmbrs/nmbrs-emulator.server.ts';
import { MemoryTokenStore } from '../../kit/auth/token-store.ts';
import { runSinkContract } from '../../kit/contracts/sink-contract.ts';
import { realSleep } from '../../kit/http-client.ts';
import type { SinkItem } from '../../kit/sink.ts';
import { NmbrsClient } from './nmbrs.client.ts';
import { NmbrsHoursSink, markerOf, nmbrsHoursKey, type NmbrsHoursPayload } from './nmbrs.hours-sink.ts';

/**
 * The sink contract against the emulator's additive variable hours, and the ledger rules: a re-send
 * posts nothing, a change posts the difference, protected periods need an explicit unprotected mode.
 * Fault round: 5xx (half of those on writes after the commit), 429 and dropped answers after commit.
 */

const REF = '2026-06-15';

async function startEmulator(faultRate: number, seed = 1): Promise<NmbrsEmulator> {
  return startNmbrsEmulator({
    employees: 8,
    companies: 1,
    seed: 3,
    referenceDate: REF,
    rateLimitPerSecond: 0,
    ...(faultRate > 0 ? { faults: { rate5xx: faultRate * 0.5, rate429: faultRate * 0.2, rateDropAfterCommit: faultRate * 0.3, seed } } : {}),
  });
}

function sinkFor(em: NmbrsEmulator, unprotectedMode = false, fetchImpl?: typeof fetch): NmbrsHoursSink {
  const client = new NmbrsClient({
    baseUrl: em.url,
    identityUrl: em.url,
    subscriptionKey: em.subscriptionKey,
    clientId: em.client.clientId,
    clientSecret: em.client.clientSecret,
    tokens: new MemoryTokenStore(em.issueTokens()),
    rateLimit: false,
    retry: { maxAttempts: 8 },
    timeoutMs: 5_000,
    sleep: (ms, signal) => realSleep(Math.min(ms, 3), signal),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return new NmbrsHoursSink({ client, unprotectedMode });
}

let employees: string[] = [];
const codes = [1, 2, 3];

function item(i: number, version: number): SinkItem<NmbrsHoursPayload> {
  const payload = { employeeId: employees[i % employees.length]!, year: 2026, period: 6, hourCode: codes[i % codes.length]!, hours: 1 + (i % 5) + version * 0.5 };
  return { idempotencyKey: nmbrsHoursKey(`r${i}`, payload), payload };
}

function vendorObjects(em: NmbrsEmulator): Array<{ key: string; payload: NmbrsHoursPayload }> {
  const byKey = new Map<string, NmbrsHoursPayload>();
  for (const h of em.hourComponents()) {
    const key = markerOf(h.comment);
    if (!key) continue;
    const p = byKey.get(key) ?? { employeeId: h.employeeId, year: h.year, period: h.period, hourCode: h.hourCode, hours: 0 };
    p.hours = Math.round((p.hours + h.hours) * 100) / 100;
    byKey.set(key, p);
  }
  return [...byKey].filter(([, p]) => p.hours !== 0).map(([key, payload]) => ({ key, payload }));
}

runSinkContract<NmbrsHoursPayload>('nmbrs variable hours (ledger over additive writes)', {
  async start({ faultRate, seed }) {
    const em = await startEmulator(faultRate, seed);
    employees = em.data.employees.filter((e) => e.employments.at(-1)!.endDate === null).map((e) => e.employeeId);
    return {
      sink: sinkFor(em),
      loseAnswerAfterCommit: (times = 1) => em.injectFault({ status: 503, method: 'POST', path: '/api/employees/', afterCommit: true, times }),
      vendorObjects: async () => vendorObjects(em),
      faultsSeen: () => em.kit.requestLog.filter((r) => r.path.startsWith('/api/') && (r.status === 0 || r.status === 429 || r.status >= 500)).length,
      close: () => em.close(),
    };
  },
  items: (count, version = 1) => Array.from({ length: count }, (_, i) => item(i, version)),
  badItem: () => {
    const payload = { employeeId: employees[0]!, year: 2026, period: 6, hourCode: 999_999, hours: 4 };
    return { idempotencyKey: nmbrsHoursKey('bad', payload), payload };
  },
  samePayload: (a, b) => a.employeeId === b.employeeId && a.year === b.year && a.period === b.period && a.hourCode === b.hourCode && Math.abs(a.hours - b.hours) < 0.005,
});

describe('Nmbrs hours sink: the ledger', () => {
  it('a re-send of unchanged hours posts nothing; a change posts only the difference (Nmbrs keeps both components)', async () => {
    const em = await startEmulator(0);
    try {
      employees = em.data.employees.map((e) => e.employeeId);
      const sink = sinkFor(em);
      const first = [item(0, 1), item(1, 1)];
      await sink.write(first);
      const posts = () => em.kit.requestLog.filter((r) => r.method === 'POST').length;
      const before = posts();
      expect((await sink.write(first)).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
      expect(posts()).toBe(before);
      const changed = { ...first[0]!, payload: { ...first[0]!.payload, hours: first[0]!.payload.hours - 1.25 } };
      expect((await sink.write([changed]))[0]!.outcome).toBe('updated');
      const comps = em.hourComponents(changed.payload.employeeId).filter((h) => markerOf(h.comment) === changed.idempotencyKey);
      expect(comps.map((h) => h.hours)).toEqual([first[0]!.payload.hours, -1.25]);
      // Removal nets the entry to zero.
      const removed = await sink.remove([{ idempotencyKey: changed.idempotencyKey, externalId: comps[0]!.hourComponentId }]);
      expect(removed[0]!.outcome).toBe('removed');
      expect(await sink.readBack({ keys: [changed.idempotencyKey] })).toEqual([]);
    } finally {
      await em.close();
    }
  });

  it('names the ledger entry from the POST answer, or by reading the period again when the answer names no id', async () => {
    const em = await startEmulator(0);
    try {
      employees = em.data.employees.map((e) => e.employeeId);
      const reads = () => em.kit.requestLog.filter((r) => r.method === 'GET' && r.path.endsWith('/variablehours')).length;
      const a = item(0, 1);
      let r0 = reads();
      const [withId] = await sinkFor(em).write([a]);
      expect(reads() - r0).toBe(1);
      expect(withId!.externalId).toBe(em.hourComponents(a.payload.employeeId)[0]!.hourComponentId);
      // A Nmbrs whose POST answers without a body: one more read names the entry.
      const bare = (async (input: string | URL | Request, init?: RequestInit) => {
        const res = await fetch(input, init);
        return init?.method === 'POST' && res.ok ? new Response(null, { status: 204 }) : res;
      }) as typeof fetch;
      const b = item(1, 1);
      r0 = reads();
      const [noId] = await sinkFor(em, false, bare).write([b]);
      expect(reads() - r0).toBe(2);
      expect(noId).toMatchObject({ outcome: 'created', externalId: em.hourComponents(b.payload.employeeId).find((h) => markerOf(h.comment) === b.idempotencyKey)!.hourComponentId });
    } finally {
      await em.close();
    }
  });

  it('a past period is refused as protected unless unprotected mode was asked for; a period the company type lacks is invalid', async () => {
    const em = await startEmulator(0);
    try {
      employees = em.data.employees.map((e) => e.employeeId);
      const payload = { employeeId: employees[0]!, year: 2026, period: 3, hourCode: 1, hours: 8 };
      const key = nmbrsHoursKey('past', payload);
      const refused = await sinkFor(em).write([{ idempotencyKey: key, payload }]);
      expect(refused[0]).toMatchObject({ outcome: 'failed', error: { code: 'protected_period', retryable: false } });
      expect(em.hourComponents()).toHaveLength(0);
      const ok = await sinkFor(em, true).write([{ idempotencyKey: key, payload }]);
      expect(ok[0]!.outcome).toBe('created');
      const p13 = { ...payload, period: 13 };
      const invalid = await sinkFor(em, true).write([{ idempotencyKey: nmbrsHoursKey('p13', p13), payload: p13 }]);
      expect(invalid[0]).toMatchObject({ outcome: 'failed', error: { code: 'invalid_period', retryable: false } });
    } finally {
      await em.close();
    }
  });
});
